"""The standards carrier's messages."""

ZH = {
    "plugin.standards": "规范高效",
    "page.standards": "规范高效",
    "standards.holds": "工作制度的制定、修订与废止；混编混岗、超编进人、人员膨胀等问题从发现到整改。",
}

EN = {
    "plugin.standards": "Standardised and efficient",
    "page.standards": "Standardised and efficient",
    "standards.holds": "Working rules adopted, revised and repealed; mixed staffing, over-quota hiring and staff bloat from found to resolved.",
}

TRANSLATIONS = {"zh": ZH, "en": EN}
