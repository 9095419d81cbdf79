"""积分规则, the scoring rules: versions of the daily target, the credits and the weights, each
in force from its date."""
