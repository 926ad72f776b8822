# Markdown tables of the same incidents
wake-intervals --md data/intervals/events.tsv
