"""Which version of the scoring rules is in force on a day, and the defaults before any is published.

Rule sets are versioned data (`domain.RuleSet`, published as events with an effective date):
each is in force from its effective date until a later one takes over, so publishing a new
version changes nothing before its effective date. The daily study's compliance, the profile's
streak and the team scores all ask the book which target and credits applied on a day.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from culture_ledger.ledger import Ledger

DAILY_TARGET_MINUTES = 60
"""日学一时: every cadre studies one hour every working day (the default before any rule set)."""

DAILY_MAXIMUM_MINUTES = 8 * 60
"""The most of one day's study the scoring counts (a working day's eight hours): minutes beyond
it stand in the ledger but earn no credit, and the form warns when a day passes it. Not yet a
field of a published rule set (that would change RuleSet's events): every version uses this."""

CREDIT_KEYS = ("study_hour", "notebook_entry", "training_hour")
"""What earns credit, per unit: an hour of study on a day that met the target, a notebook entry, a training hour."""

WEIGHT_KEYS = ("study", "notebook", "paper", "training", "evaluation")
"""The team indicators the weighted team score combines."""

DEFAULT_CREDITS = {"study_hour": 1.0, "notebook_entry": 2.0, "training_hour": 0.5}
DEFAULT_PAPER_CREDITS = {"excellent": 20.0, "good": 15.0, "pass": 10.0, "fail": 0.0}
DEFAULT_WEIGHTS = {"study": 0.4, "notebook": 0.2, "paper": 0.2, "training": 0.1, "evaluation": 0.1}


@dataclass(frozen=True)
class Rule:
    """One version of the rules, as the scoring reads it."""

    name: str = "default"
    effective_from: str = "0001-01-01"  # ISO date, as in the read model
    daily_target_minutes: int = DAILY_TARGET_MINUTES
    daily_maximum_minutes: int = DAILY_MAXIMUM_MINUTES
    credits: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_CREDITS))
    paper_credits: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_PAPER_CREDITS))
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    id: str | None = None  # None for the built-in default
    version: int = 0  # 1, 2, ... in order of publication


DEFAULT_RULE = Rule()


def _iso(day: date | str) -> str:
    return day if isinstance(day, str) else day.isoformat()


class RuleBook:
    """The published rule versions, ordered by effective date (then by publication)."""

    def __init__(self, rules: list[Rule]):
        self.rules = sorted(rules, key=lambda r: (r.effective_from, r.version))
        self._starts = [r.effective_from for r in self.rules]

    @classmethod
    def load(cls, ledger: Ledger) -> RuleBook:
        return cls(published_rules(ledger))

    @classmethod
    def fixed(cls, rule: Rule) -> RuleBook:
        """Every day under one version (to compare versions side by side)."""
        return cls([Rule(**{**rule.__dict__, "effective_from": DEFAULT_RULE.effective_from})])

    def in_force(self, day: date | str) -> Rule:
        i = bisect.bisect_right(self._starts, _iso(day))
        return self.rules[i - 1] if i else DEFAULT_RULE

    def target_for(self, day: date | str) -> int:
        return self.in_force(day).daily_target_minutes

    def column(self, days: pd.Series, pick) -> pd.Series:
        """One value per row: `pick(rule)` of the rule in force on each row's day."""
        cache: dict[str, object] = {}
        return days.map(lambda d: cache[d] if d in cache else cache.setdefault(d, pick(self.in_force(d))))


def published_rules(ledger: Ledger) -> list[Rule]:
    """Every published version, numbered in order of publication."""
    rows = ledger.query("SELECT * FROM study_rules ORDER BY position")
    return [
        Rule(
            name=r["name"],
            effective_from=r["effective_from"],
            daily_target_minutes=int(r["daily_target_minutes"]),
            credits=json.loads(r["credits"]),
            paper_credits=json.loads(r["paper_credits"]),
            weights=json.loads(r["weights"]),
            id=r["id"],
            version=i,
        )
        for i, r in enumerate(rows, start=1)
    ]
