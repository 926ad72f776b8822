# A bad pattern in a format file: file:line and PCRE2's reason, exit 2.
printf "[bad]\npattern = ^(?<ts>\\\\d+ (?<msg>.*)\$\n" > bad.format
wake-parse --format-file bad.format data/parse/clf.log
