"""The fixed words of the domain (GLOSSARY.md): identifiers only; the UI catalog holds the Chinese."""

IDEAS = ("promote_development", "serve_livelihood", "support_talent")
"""三大理念: every record may be tagged with some of these."""

FOUR_STRONG = ("ideology", "proficiency", "conduct", "fairness")
"""四强: the dimensions a cadre is evaluated on."""

FIVE_ORGAN_TYPES = ("learning", "innovative", "pragmatic", "harmonious", "clean")
"""五型机关, assessed under the integrity carrier."""

ROLES = ("staff", "leader", "auditor", "admin")
CHANNELS = ("form", "import", "cli", "system")

STUDY_MODES = ("self", "group")
