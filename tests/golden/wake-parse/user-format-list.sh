# User formats come first in --list-formats, in detection order.
wake-parse --format-file data/parse/hdfs.format --list-formats
