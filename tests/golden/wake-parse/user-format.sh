# A user format from a format file, detected before the built-in ones.
wake-parse --format-file data/parse/hdfs.format data/parse/hdfs.log
