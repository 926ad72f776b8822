# A tarball and a Slack export zip as inputs, each read by its members.
tar czf bundle.tar.gz -C samples/outage core-syslog.log app.jsonl
wake-postmortem -o pm --year 2024 bundle.tar.gz samples/outage/slack-export.zip ||
    exit
zcat pm/events.tsv.gz | awk -F'\t' '$5 != "phase" { split($7, a, "origin=");
    sub(/\/\/.*/, "", a[2]); sub(/:[0-9]+$/, "", a[2]); n[$2 " " a[2]]++ }
    END { for (k in n) print k, n[k] }' | sort
