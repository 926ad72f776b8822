# --format-file DIR loads every *.format in it, in name order.
mkdir fmts
cp data/parse/hdfs.format fmts/b.format
printf "[ay]\npattern = ^A (?<msg>.*)\n" > fmts/a.format
echo "not loaded" > fmts/c.txt
wake-parse --format-file fmts --list-formats | head -3
