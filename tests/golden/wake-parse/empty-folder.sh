# A folder named on the command line that holds no file (an empty
# subfolder is no file either): said, exit 1, not a quiet run over
# nothing.
mkdir -p logs/old
wake-parse logs
