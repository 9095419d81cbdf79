"""The words of 导入表格 (the page and `culture-ledger sheets`)."""

ZH = {
    "sheets.title": "导入表格",
    "sheets.caption": "把科室原有的 Excel 台账导入系统：先下载模板，按模板填好后上传；每一行都按填报表单的规则检查。",
    "sheets.kind": "表格类型",
    "sheets.none": "您的角色没有可以导入的表格。",
    "sheets.template": "下载模板（.xlsx）",
    "sheets.file": "选择填好的表格（.xlsx 或 .csv）",
    "sheets.accept_valid": "只导入无误的行（有误的行列在下方，不写入）",
    "sheets.accept_valid.help": "不勾选时，只要有一行有误，整张表都不写入。",
    "sheets.preview": "预览",
    "sheets.import": "导入",
    "sheets.refused_rows": "有误的行",
    "sheets.col.row": "行号",
    "sheets.col.column": "列",
    "sheets.col.reason": "原因",
    "sheets.imported": "已导入 {written} 行。",
    "sheets.cli.unknown_kind": "没有“{kind}”这种表格。可导入的表格：{kinds}",
    "sheets.cli.unknown_account": "没有账户“{account}”，或该账户已停用。",
    "sheets.cli.not_allowed": "账户“{account}”的角色不能导入“{title}”。",
    "sheets.cli.template_written": "模板已写入 {path}",
    "sheets.cli.cannot_read": "无法读取文件 {path}",
}

EN = {
    "sheets.title": "Import sheets",
    "sheets.caption": "Bring the office's Excel ledgers in: download the template, fill it in and upload it; every row is checked by the form's rules.",
    "sheets.kind": "Kind of sheet",
    "sheets.none": "Your role has no sheets to import.",
    "sheets.template": "Download the template (.xlsx)",
    "sheets.file": "The filled sheet (.xlsx or .csv)",
    "sheets.accept_valid": "Import the valid rows only (rows with errors are listed below and not written)",
    "sheets.accept_valid.help": "Unticked, one row with an error and nothing of the sheet is written.",
    "sheets.preview": "Preview",
    "sheets.import": "Import",
    "sheets.refused_rows": "Rows with errors",
    "sheets.col.row": "Row",
    "sheets.col.column": "Column",
    "sheets.col.reason": "Reason",
    "sheets.imported": "{written} rows imported.",
    "sheets.cli.unknown_kind": "There is no sheet “{kind}”. Sheets to import: {kinds}",
    "sheets.cli.unknown_account": "There is no active account “{account}”.",
    "sheets.cli.not_allowed": "Account “{account}” has no role that may import “{title}”.",
    "sheets.cli.template_written": "Template written to {path}",
    "sheets.cli.cannot_read": "Cannot read the file {path}",
}

TRANSLATIONS = {"zh": ZH, "en": EN}
