"""学记一本, the study notebook: each cadre's notes (学习笔记) and reflections (心得体会), maybe
on a day's study."""
