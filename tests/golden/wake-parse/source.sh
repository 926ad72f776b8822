# -s sets the src label; --no-origin leaves origin= out.
wake-parse -s net --no-origin data/parse/rfc5424.log
