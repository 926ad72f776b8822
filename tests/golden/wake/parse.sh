# "wake parse ARGS" runs wake-parse ARGS.
wake parse data/parse/clf.log
