# Empty input with a window: no candidate, said plainly.
wake-cause --window 2024-02-22T09:00:00Z..2024-02-22T10:00:00Z < /dev/null
