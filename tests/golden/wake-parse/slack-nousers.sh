# slack without users.json: said once on stderr (exit 1), the ids kept
# as user_id= and, where no name is known, as the name; names that
# mentions carry (<@U..|dave>, as join messages write them) and a
# message's own user_profile are used.
wake-parse -R data/chat/slack-nousers
