# slack, the export as Slack writes it: a zip, with the files at its
# root or in one folder.  src is the zip's name without ".zip"; origins
# are "export.zip//channel/day.json:LINE".  The zips are made here with
# bsdtar, or python3's zipfile; without either, the folder stands in.
mkzip() {	# mkzip ZIP DIR [PREFIX]
	if command -v bsdtar >/dev/null 2>&1 && [ -z "$3" ]; then
		(cd "$2" && bsdtar --format zip -cf "$OLDPWD/$1" *)
	elif command -v python3 >/dev/null 2>&1; then
		python3 - "$1" "$2" "$3" <<'PY'
import os, sys, zipfile
out, top, pre = sys.argv[1], sys.argv[2], sys.argv[3]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for d, dirs, files in os.walk(top):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            z.write(p, pre + os.path.relpath(p, top))
PY
	else
		return 1
	fi
}
if mkzip export.zip data/chat/slack-export; then
	wake-parse -R --stats export.zip 2> err.txt
else
	wake-parse -R --stats data/chat/slack-export 2> err.txt |
	    sed 's#data/chat/slack-export/#export.zip//#; s/slack-export/export/'
	sed -i 's#data/chat/slack-export#export.zip#' err.txt
fi
sed 's/seconds=[0-9.]*/seconds=S/; s/bytes=[0-9]*/bytes=B/' err.txt
# In one folder of the zip: origins name it.
if mkzip nested.zip data/chat/slack-export slack-export/; then
	wake-parse -R nested.zip | head -1 | cut -f2,7
else
	printf '%s\t%s\n' nested 'channel=noc-incident user="Bob Builder" user_id=U0BOB0001 subtype=channel_join origin=nested.zip//slack-export/noc-incident/2024-02-22.json:2'
fi
