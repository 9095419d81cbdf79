"""干部学习档案, a cadre's profile: every study record of one cadre on one page, each in its record's words."""
