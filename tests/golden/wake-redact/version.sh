# --version
wake-redact --version
