"""日学一时, daily study: every cadre studies an hour (the rule in force says how long) every working day."""
