# "wake help parse" is "wake-parse --help".
wake help parse | head -1
