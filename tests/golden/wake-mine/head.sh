# A closed pipe ends quietly
yes 'a line 1' | head -200000 > many.txt
wake-mine --raw many.txt | head -1
