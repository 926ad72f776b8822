# The ways through: one file in time order goes straight from the parser
# through the analyses; the same file in a folder takes the general way
# (a spool, merged); both give the same folder.
mkdir d
cp samples/outage/core-syslog.log d/in.log
wake-postmortem -q --year 2024 -o a d/in.log || exit
wake-postmortem -q --year 2024 -o b d || exit
for f in events.tsv.gz incidents.tsv templates.tsv intervals.txt cause.md \
    timeline.md timeline.html; do
	case $f in
	*.gz) zcat a/$f > a.x; zcat b/$f > b.x;;
	*) cp a/$f a.x; cp b/$f b.x;;
	esac
	if cmp -s a.x b.x && [ -s a.x ]; then
		echo "same $f"
	else
		echo "differs $f"
	fi
done
grep -c . a/incidents.tsv
# A file that goes back in time is started again the general way; each
# note (-v) is said once, the unreadable line's too.
printf 'Feb 22 00:00:01 h1 app[1]: started\n\001\002 junk\nFeb 22 00:00:03 h1 app[1]: step two\nFeb 22 00:00:02 h1 app[1]: late\nFeb 22 00:00:04 h1 app[1]: done\n' > u.log
wake-postmortem -v --year 2024 -o c u.log > /dev/null || exit
zcat c/events.tsv.gz | cut -f1,5,6
