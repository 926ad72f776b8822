wake-cause --help
