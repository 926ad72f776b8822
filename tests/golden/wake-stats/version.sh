wake-stats --version
