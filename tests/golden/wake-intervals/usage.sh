# --help to stdout (exit 0), a bad option (exit 2), --version
wake-intervals --help
wake-intervals --bogus; echo "exit $?"
wake-intervals --version
