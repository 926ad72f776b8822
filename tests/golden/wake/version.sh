wake --version
