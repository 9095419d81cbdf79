"""The words of late entries (补录), in both languages."""

ZH = {
    "late.title": "补录",
    "late.flag": "补录 · 迟 {days} 个工作日",
    "late.rule": "{kind}应在所述日期后 {allowed} 个工作日内写入",
    "late.gap.title": "补录的记录（写入时间晚于规定）",
    "late.col.record": "记录",
    "late.col.kind": "类别",
    "late.col.person": "记录人",
    "late.col.occurred_on": "所述日期",
    "late.col.appended_at": "写入时间",
    "late.col.delay": "迟（工作日）",
    "late.kind.study": "日学一时",
    "late.kind.notebook": "学记一本",
    "late.kind.activity": "载体活动",
    "late.kind.training": "业务培训",
    "late.kind.tour": "赴外考察",
    "late.kind.other": "其他记录",
    "late.filter": "只看补录",
    "late.filter.help": "只列出写入时间晚于该类记录规定期限的记录（按工作日计）。",
    "late.times": "记录时间是填报人记下这条记录的时间；写入时间是系统把它写入台账的时间（由存储自身的时钟给出，受哈希链保护）。",
}

EN = {
    "late.title": "Late entries",
    "late.flag": "Late entry · {days} working days late",
    "late.rule": "{kind} is due within {allowed} working days of the day it describes",
    "late.gap.title": "Records entered late (appended after their deadline)",
    "late.col.record": "Record",
    "late.col.kind": "Kind",
    "late.col.person": "Recorded by",
    "late.col.occurred_on": "Day described",
    "late.col.appended_at": "Appended at",
    "late.col.delay": "Late (working days)",
    "late.kind.study": "Daily study",
    "late.kind.notebook": "Study notebook",
    "late.kind.activity": "Carrier activity",
    "late.kind.training": "Training",
    "late.kind.tour": "Study tour",
    "late.kind.other": "Other record",
    "late.filter": "Late entries only",
    "late.filter.help": "Only records appended later than their kind allows (in working days).",
    "late.times": "Recorded at is when the writer recorded it; appended at is when the store wrote it into the ledger (by the store's own clock, covered by the hash chain).",
}

TRANSLATIONS = {"zh": ZH, "en": EN}
