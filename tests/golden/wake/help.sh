# "wake help" lists the wake-* tools found (only wake-parse is checked
# here: the others come and go).
wake help | sed -n "1p;/^  parse /p"
