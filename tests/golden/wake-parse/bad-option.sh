wake-parse --bogus
