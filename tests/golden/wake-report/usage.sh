# --help (exit 0), bad usage (exit 2)
wake-report --help
wake-report --bogus; echo "exit $?"
wake-report --period 0 x; echo "exit $?"
wake-report --period week x; echo "exit $?"
wake-report --end yesterday x; echo "exit $?"
wake-report --tz Mars/Olympus x; echo "exit $?"
wake-report --top 0 x; echo "exit $?"
wake-report --version
