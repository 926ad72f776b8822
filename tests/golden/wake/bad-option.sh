wake --bogus
