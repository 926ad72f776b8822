# --rules replaces the built-in rules; given twice, the files apply in
# order and the later one's actions win (P1 pages become crit, then the
# second file makes every alert err, after which sev=crit is gone).
wake-parse --no-origin -f csv --tz UTC --map ts=time,host=user,msg=text \
    --set kind=chat -s chat --rules data/rules/team.rules \
    data/rules/team-chat.csv
printf '%s\n' '# every alert is err' 'kind=alert -> sev=err rule=all-err' \
    > extra.rules
wake-parse --no-origin -f csv --tz UTC --map ts=time,host=user,msg=text \
    --set kind=chat -s chat --rules data/rules/team.rules \
    --rules extra.rules data/rules/team-chat.csv | head -2
# -R wins over --rules.
wake-parse -R --no-origin -f csv --tz UTC --map ts=time,host=user,msg=text \
    --set kind=chat -s chat --rules data/rules/team.rules \
    data/rules/team-chat.csv | head -1
