# A tar.gz bundle: each member is an input, src from its name,
# origin bundle.tar.gz//member:line.
mkdir -p b/var/log
cp data/parse/rfc3164.log b/var/log/syslog
cp data/parse/app.jsonl b/var/log/app.jsonl
tar czf bundle.tar.gz -C b var/log/syslog var/log/app.jsonl
wake-parse --year 2024 bundle.tar.gz
