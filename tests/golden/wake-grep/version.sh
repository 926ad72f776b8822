# --version
wake-grep --version
