"""The study plugin's words: its title, then each record's own (`plugins/study/<record>/locale.py`,
under `study.<record>.*`). No record may define a key another defines."""

from plugins.study.daily import locale as daily
from plugins.study.evaluation import locale as evaluation
from plugins.study.notebook import locale as notebook
from plugins.study.paper import locale as paper
from plugins.study.profile import locale as profile
from plugins.study.rules import locale as rules
from plugins.study.training import locale as training

RECORDS = (daily, notebook, paper, training, evaluation, rules, profile)


def _merged(lang: str, own: dict[str, str]) -> dict[str, str]:
    merged = dict(own)
    for record in RECORDS:
        words = getattr(record, lang)
        twice = sorted(set(merged) & set(words))
        if twice:
            raise ValueError(f"{record.__name__} defines {twice} again")
        merged.update(words)
    return merged


ZH = _merged("ZH", {"plugin.study": "四强队伍"})
EN = _merged("EN", {"plugin.study": "Four-strong team"})

TRANSLATIONS = {"zh": ZH, "en": EN}
