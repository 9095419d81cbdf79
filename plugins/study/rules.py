"""The scoring rules: the defaults in force until a rule set is published, and their shape.

Rule sets are versioned data (`domain.RuleSet`, published as events with an effective
date); `plugins.study.scoring.RuleBook` says which version is in force on a given day.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DAILY_TARGET_MINUTES = 60
"""日学一时: every cadre studies one hour every working day (the default before any rule set)."""

MINUTES_IN_A_DAY = 24 * 60

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
    credits: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_CREDITS))
    paper_credits: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_PAPER_CREDITS))
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    id: str | None = None  # None for the built-in default
    version: int = 0  # 1, 2, ... in order of publication


DEFAULT_RULE = Rule()
