# Events: msg, host and attrs; caller=, src=, clid=, user= whole (dst=100,
# an extension, stays); fw_version= is not an address; TSV stays TSV
wake-redact --key-file data/redact/test.key data/redact/events.tsv
