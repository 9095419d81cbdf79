"""四强测评, four-strong evaluations: leaders' scores of each cadre per period, and cadres'
self-assessments (个人自评)."""
