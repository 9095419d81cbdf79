"""What counts as late (补录), per record kind: a record written into the log more working days
after the day it describes (学习日, 活动日期: its `occurred_on`) than its kind allows.

The delay is counted on the office's work calendar (`plugins.calendar`): the working days after
the described day up to and including the day the store appended it (写入时间, by the store's
own clock, never the writer's), so a Friday's study appended on Monday is one working day late
and the paper sheet of yesterday imported this morning is one too: within every kind's allowance.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LateRule:
    """How many working days after its day a record of this kind may be appended and still be on time."""

    allowed: int
    kind: str  # the kind in this plugin's words: the catalog key late.kind.<kind>


RULES: dict[str, LateRule] = {
    # 日学一时: the evening of the day, or the next working day (the sign-in sheet brought in next morning).
    "StudyEntry": LateRule(1, "study"),
    # 学记一本: written up within the week.
    "NotebookEntry": LateRule(5, "notebook"),
    # Every carrier's activity (五大载体): recorded with its sign-in sheet within the week.
    "Activity": LateRule(5, "activity"),
    # 业务培训, 赴外考察: the trip or the course comes first; two weeks to bring the record in.
    "TrainingSession": LateRule(10, "training"),
    "StudyTour": LateRule(10, "tour"),
}
"""Record kinds (the aggregate's class name) with a rule of their own."""

DEFAULT = LateRule(5, "other")
"""Any other record that describes a day (a pledge, a proposal, a rule, a case...): within the week."""


def rule_for(record_type: str) -> LateRule:
    return RULES.get(record_type, DEFAULT)
