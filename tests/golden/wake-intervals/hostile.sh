# Titles and ids with HTML, pipes, a terminal escape and a formula stay
# inert: escaped for the terminal, Markdown, TSV (no formula) and JSON
wake-intervals data/intervals/hostile.tsv
wake-intervals --md data/intervals/hostile.tsv
wake-intervals --tsv data/intervals/hostile.tsv
wake-intervals -J data/intervals/hostile.tsv
