"""The fixed words of staffing (GLOSSARY.md, 机构编制): identifiers only; the UI catalog holds the Chinese."""

KINDS = ("administrative", "public_institution")
"""行政机构 / 事业单位."""

FIELDS = (
    "ecology",
    "modern_agriculture",
    "education",
    "health",
    "social_security",
    "human_resources",
    "civil_affairs",
    "housing",
    "other",
)
"""The field (领域) an institution works in."""

KEY_FIELDS = ("education", "health", "social_security", "ecology", "modern_agriculture")
"""Key and livelihood fields (关键领域和民生领域) the three ideas tilt quota towards."""

QUOTA_TYPES = ("administrative", "career", "work_service")
"""行政编制 / 事业编制 / 工勤编制."""

OVER_QUOTA_POLICIES = ("refuse", "flag")
"""超编进人: refused (the default) or recorded with a flag, as the office configures."""

DEPARTURE_REASONS = ("retired", "transferred_out", "resigned", "dismissed", "deceased", "other")

JURISDICTION_NAME = "阿勒泰地区"
