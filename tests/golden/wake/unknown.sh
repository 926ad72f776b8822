# An unknown command: exit 2.
wake nosuch
