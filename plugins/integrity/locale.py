"""The integrity carrier's messages."""

ZH = {
    "plugin.integrity": "风清气正",
    "page.integrity": "风清气正",
    "integrity.holds": "学习型、创新型、务实型、和谐型、廉洁型“五型机关”创建评估；廉洁教育；文体比赛与联谊活动；集体荣誉。",
}

EN = {
    "plugin.integrity": "Clean and upright",
    "page.integrity": "Clean and upright",
    "integrity.holds": "Assessments of the five types of organ; integrity education; culture and sports events; collective honours.",
}

TRANSLATIONS = {"zh": ZH, "en": EN}
