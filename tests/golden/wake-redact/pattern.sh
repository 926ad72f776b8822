# --pattern NAME=PCRE2: matches (or their first group) become <NAME:...>
wake-redact --key-file data/redact/test.key --text \
    --pattern 'acct=\bACC-\d{8}\b' --pattern 'member=会員番号(\d+)' <<'X'
account ACC-12345678 locked; 会員番号00012345 の照会; ACC-123 is too short
X
wake-redact --key-file data/redact/test.key --text --pattern 'bad=(' < /dev/null
echo "status $?"
wake-redact --key-file data/redact/test.key --text --pattern 'no pattern' < /dev/null
echo "status $?"
