# An application log with a Java stack trace: the trace folds into
# the event before it.
wake-parse data/parse/worker.log
