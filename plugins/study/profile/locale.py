"""The words of 干部学习档案, a cadre's profile: its own under `study.profile.*`,
its page titles, and the shared keys it owns."""

ZH = {
    # its pages in the navigation
    "page.study_profile": "干部学习档案",
    # its own words
    "study.profile.title": "干部学习档案",
    "study.profile.caption": "{department} · {position}",
    "study.profile.streak": "连续达标",
    "study.profile.days": "{n} 天",
    "study.profile.minutes_month": "本月学习（分钟）",
    "study.profile.minutes_year": "本年学习（分钟）",
    "study.profile.paper": "年度文章",
    "study.profile.training_hours": "本年培训学时",
    "study.profile.daily": "近六周每日学习（红线为当日目标）",
    "study.profile.notebook": "最近的学记",
    "study.profile.paper_year": "{year} 年度文章",
    "study.profile.no_paper": "本年度尚未动笔。",
    "study.profile.private": "仅本人、领导和监督检查人员可以查看。",
    "study.profile.training": "本年培训与考察",
    "study.profile.tour": "赴外考察：{destination}（{start} 至 {end}）",
    "study.profile.evaluations": "四强测评",
    "study.profile.self": "{period} 个人自评",
}

EN = {
    "page.study_profile": "Cadre study record",
    "study.profile.title": "Cadre study record",
    "study.profile.caption": "{department} · {position}",
    "study.profile.streak": "Streak",
    "study.profile.days": "{n} days",
    "study.profile.minutes_month": "Minutes this month",
    "study.profile.minutes_year": "Minutes this year",
    "study.profile.paper": "Annual paper",
    "study.profile.training_hours": "Training hours this year",
    "study.profile.daily": "Daily study, last six weeks (red: the day's target)",
    "study.profile.notebook": "Latest notebook entries",
    "study.profile.paper_year": "Paper for {year}",
    "study.profile.no_paper": "No paper started this year.",
    "study.profile.private": "Only the cadre, leaders and auditors may read this.",
    "study.profile.training": "Training and tours this year",
    "study.profile.tour": "Study tour: {destination} ({start} to {end})",
    "study.profile.evaluations": "Four-strong evaluations",
    "study.profile.self": "Self-assessment {period}",
}
