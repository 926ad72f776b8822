# -f skips detection: lines the format does not take become raw
# (at the file's time, as they carry none it reads).
cp data/parse/combined.log c.log
touch -d "2024-02-22 12:00:00Z" c.log
wake-parse -f clf c.log data/parse/clf.log
