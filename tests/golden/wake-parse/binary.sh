# Binary data: lines kept as raw events (escaped), exit 1.
printf "\177ELF\002\001\001\000\000\000\n\001\002\003\004\005\n" > prog.bin
touch -d "2024-02-22 00:00:00Z" prog.bin
wake-parse prog.bin
