# --help: usage on stdout, exit 0; --version
wake-timeline --help
wake-timeline --version
