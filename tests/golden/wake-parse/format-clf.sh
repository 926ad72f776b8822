# Common log format: chosen over combined when referer and agent lack.
wake-parse data/parse/clf.log
