# The whole chain on the outage sample: the folder's files, the incident
# found, its intervals and the likeliest causes.
wake-postmortem -o pm --year 2024 --tz 'router.log*=America/New_York' \
    --tz 'app-worker.log=Asia/Tokyo' samples/outage > summary.txt || exit
sed 's/ in [0-9.]*s$//' summary.txt
ls pm
cut -f1-8 pm/incidents.tsv
cat pm/intervals.txt
head -n 12 pm/cause.md
# Phase events come last (as wake-detect writes them); the rest in order.
zcat pm/events.tsv.gz | awk -F'\t' '{ n++ } $5 == "phase" { p++; next }
    { if ($1 < last) bad++; last = $1 } $7 ~ /tmpl=/ { t++ }
    END { print n " events, " p " phase events, " t " with tmpl=, " \
    bad + 0 " out of order" }'
