# Lines that are not events: file:line: reason, skipped, exit 1
cat > bad.tsv <<EOF
2024-02-22T09:58:00.000Z	net	r1	info	log	good one	
not an event at all
2024-02-22T09:58:02.000Z	net	r1
{"ts": "2024-02-22T09:58:03.000Z", "msg": 
2024-02-22 09:58:04	net	r1	info	log	bad time	

2024-02-22T09:58:05.000Z	net	r1	info	log	good two	
EOF
wake-merge bad.tsv data/merge/b.tsv
echo ---
wake-merge --sort bad.tsv
