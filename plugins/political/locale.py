"""The political carrier's messages."""

ZH = {
    "plugin.political": "政治坚定",
    "page.political": "政治坚定",
    "political.holds": "理想信念、革命传统、职业道德、社会公德、家庭美德教育；“三争做”活动（党性最强、品行最好、素质最高）；政治立场、政治纪律、政治鉴别力；出勤率。",
}

EN = {
    "plugin.political": "Politically firm",
    "page.political": "Politically firm",
    "political.holds": "Ideological education (ideals, revolutionary tradition, professional ethics, social and family virtue); the 三争做 campaign; political stand, discipline and discernment; attendance.",
}

TRANSLATIONS = {"zh": ZH, "en": EN}
