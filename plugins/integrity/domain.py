"""风清气正: assessments of the five types of organ (五型机关) per department and quarter.

Integrity education, culture and sports events and collective honours are carrier activities
(kinds declared in plugins/integrity/commands.py)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.actor import Actor
from domain.records import Record
from domain.vocabulary import FIVE_ORGAN_TYPES

__all__ = ["FIVE_ORGAN_TYPES", "OrganAssessment", "period_bounds"]


def period_bounds(period: str) -> tuple[date, date]:
    """The first and last day of a quarter written `YYYY-Qn`."""
    year, quarter = int(period[:4]), int(period[-1])
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


class OrganAssessment(Record):
    """A leader's assessment of one department, for one quarter, on the five types of organ (0–100 each)."""

    @event("Recorded")
    def __init__(self, department_id: UUID, period: str, scores: dict[str, int], comment: str,
                 evidence: list[dict[str, Any]], occurred_on: date, by: Actor) -> None:
        self._start(occurred_on, by)
        self.department_id = department_id
        self.period = period
        self.scores = scores
        self.comment = comment
        self.evidence = evidence
