# "wake" alone lists the tools too.
wake | head -1
