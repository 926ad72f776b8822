# logfmt.
wake-parse data/parse/app.logfmt
