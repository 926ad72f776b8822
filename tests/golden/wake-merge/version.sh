# --version
wake-merge --version
