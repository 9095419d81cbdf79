"""The daily-study rule. (Versioned rule sets published as events come with the team issue.)"""

DAILY_TARGET_MINUTES = 60
"""日学一时: every cadre studies one hour every working day."""

MINUTES_IN_A_DAY = 24 * 60
