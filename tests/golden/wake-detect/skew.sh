# Markers and windows do not depend on line order within a bin: the
# same incident from a stream whose chat is 90 s late, put right by
# wake-merge --skew
wake-merge --skew chat=+90s data/detect/spike.tsv > late.tsv
wake-merge --skew chat=-90s late.tsv | wake-detect -q --incidents a.tsv > /dev/null
wake-detect -q --incidents b.tsv data/detect/spike.tsv > /dev/null
diff a.tsv b.tsv && echo same
