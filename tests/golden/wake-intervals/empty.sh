# No input events: every summary is 0 of 0
wake-intervals < /dev/null
printf '#wake incidents 1\n' | wake-intervals -J
