# -v says which lines the format did not take, and why.
wake-parse -v --year 2024 data/parse/mixed.log > /dev/null
