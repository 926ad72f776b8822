# The tool's exit status comes through.
wake parse nonexistent.log
