# A yearless log over the new year: --year is the first stamp's year,
# and December to January moves it on, so the stream stays in order.
printf '%s\n' 'Dec 31 23:59:58 gw app: last of the old year' \
    'Jan  1 00:00:02 gw app: first of the new' > ny.log
wake-parse --year 2024 --no-origin ny.log | cut -f1,6
