# A directory is read recursively, in byte order of names.
mkdir -p d/sub
cp data/parse/clf.log d/sub/z.log
cp data/parse/rfc5424.log d/a.log
wake-parse d
