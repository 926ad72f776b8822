# RFC 5424: offsets kept exact, structured data as attrs.
wake-parse data/parse/rfc5424.log
