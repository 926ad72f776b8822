# A rotated log and its compressed predecessor: same src, origins
# name each file.
gzip -c data/parse/router.log.1 > router.log.1.gz
wake-parse --year 2024 router.log.1.gz data/parse/router.log
