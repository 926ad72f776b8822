# A text no format knows: raw events at the file's time, notime=1;
# with -v a note says so.  Exit 0.
cp data/parse/notes.txt notes.txt
touch -d "2024-02-22 12:00:00Z" notes.txt
wake-parse -v notes.txt
