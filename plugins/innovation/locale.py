"""The innovation carrier's messages."""

ZH = {
    "plugin.innovation": "务实创新",
    "page.innovation": "务实创新",
    "innovation.holds": "创新建议从提出、评估、采纳、试点到推广的全过程，及其预期与实际效果。",
}

EN = {
    "plugin.innovation": "Pragmatic innovation",
    "page.innovation": "Pragmatic innovation",
    "innovation.holds": "Innovation proposals from submitted to evaluated, adopted, piloted and implemented, with expected and observed effect.",
}

TRANSLATIONS = {"zh": ZH, "en": EN}
