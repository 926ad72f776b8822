wake-parse --help
