# Without --window and no phase events: nothing to work from.
wake-cause data/cause/incident.ev
