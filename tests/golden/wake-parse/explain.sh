# Why a format was (or was not) chosen.
wake-parse --explain-format data/parse/mixed.log data/parse/notes.txt
