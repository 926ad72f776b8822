# Apache/nginx combined access log.
wake-parse data/parse/combined.log
