"""The overall carrier's messages."""

ZH = {
    "plugin.overall": "服务大局",
    "page.overall": "服务大局",
    "overall.holds": "地县政府机构改革、乡镇站所管理体制改革等改革任务及其里程碑；服务党委政府中心工作的事项。",
}

EN = {
    "plugin.overall": "Serving the overall situation",
    "page.overall": "Serving the overall situation",
    "overall.holds": "Reform tasks (prefecture and county government institutional reform, township station reform) and their milestones; service to the overall work.",
}

TRANSLATIONS = {"zh": ZH, "en": EN}
