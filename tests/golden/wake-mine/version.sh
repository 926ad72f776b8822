wake-mine --version
