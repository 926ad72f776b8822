# --keep-private-ips leaves RFC 1918, loopback and link-local addresses
printf '%s\n' 'from 10.1.2.3 172.16.9.9 192.168.0.7 127.0.0.1 169.254.3.3 ::1 fe80::1 fd00::9' 'to 8.8.8.8 172.32.0.1 100.64.0.1 2001:db8::1' > ips.log
wake-redact --key-file data/redact/test.key --keep-private-ips --report --text ips.log
