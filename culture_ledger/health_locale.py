"""The words of `culture_ledger.health`: read models that stopped, and why."""

HEALTH_ZH = {
    "readmodel.behind": "「{title}」的数据暂停更新：{why}本页显示的是此前的数据，其余数据照常更新；管理员可在「运行状况」页查看和处理。",
    "readmodel.stopped_at": "停在日志第 {position} 条记录（{event}），{reason}。",
    "readmodel.an_event": "一条记录",
    "readmodel.kind.value": "该记录中有内容的格式不对，无法计入",
    "readmodel.kind.decode": "该记录无法读取",
    "readmodel.kind.conflict": "该记录与已有数据反复冲突",
    "readmodel.kind.tracking": "其处理进度的记录已损坏，需重新生成。",
    "readmodel.diff.value": "「{title}」（{name}）与从日志重新生成的结果不同：{table} 表中键为 {row} 的一行，{column} 列现有值为 {live}，重新生成应为 {rebuilt}。",
    "readmodel.diff.only_live": "「{title}」（{name}）与从日志重新生成的结果不同：{table} 表中键为 {row} 的一行只在现有数据中，日志中没有它的来源。",
    "readmodel.diff.only_rebuilt": "「{title}」（{name}）与从日志重新生成的结果不同：{table} 表缺少键为 {row} 的一行，日志中有它。",
    "readmodel.diff.count": "「{title}」（{name}）与从日志重新生成的结果不同：{table} 表中 {row} 这一行现有 {live} 份，重新生成应为 {rebuilt} 份。",
}
HEALTH_EN = {
    "readmodel.behind": "“{title}” has stopped updating: {why}This page shows what it held before; everything else keeps updating. Administrators see it on the Health page.",
    "readmodel.stopped_at": "it stopped at log position {position} ({event}): {reason}.",
    "readmodel.an_event": "an event",
    "readmodel.kind.value": "a value in that record is not in a form it can count",
    "readmodel.kind.decode": "that record cannot be read",
    "readmodel.kind.conflict": "that record kept conflicting with rows already there",
    "readmodel.kind.tracking": "the record of how far it got is corrupted; it needs rebuilding.",
    "readmodel.diff.value": "“{title}” ({name}) differs from a rebuild from the log: in table {table}, the row keyed {row} holds {live} in column {column}; the rebuild gives {rebuilt}.",
    "readmodel.diff.only_live": "“{title}” ({name}) differs from a rebuild from the log: table {table} holds a row keyed {row} that nothing in the log gives.",
    "readmodel.diff.only_rebuilt": "“{title}” ({name}) differs from a rebuild from the log: table {table} lacks the row keyed {row} that the log gives.",
    "readmodel.diff.count": "“{title}” ({name}) differs from a rebuild from the log: table {table} holds the row {row} {live} times; the rebuild gives it {rebuilt} times.",
}
