wake-parse --version
