# Days in Tokyo: the same week, cut at JST midnights
wake-report --text --tz Asia/Tokyo --end 2024-03-11 data/report/week.tsv
