# --help: usage on stdout, exit 0
wake-mine --help
