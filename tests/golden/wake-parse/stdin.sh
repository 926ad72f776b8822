# No FILE (or -) reads stdin: src stdin, origin stdin:N.
wake-parse < data/parse/clf.log
wake-parse - < data/parse/combined.log
