# --help: usage on stdout, exit 0
wake-detect --help
