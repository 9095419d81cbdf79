"""风清气正: assessments of the five types of organ (五型机关) per department and quarter.

Integrity education, culture and sports events and collective honours are carrier activities
(kinds declared in plugins/integrity/commands.py)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.actor import Actor
from domain.records import Record, standing_id
from domain.vocabulary import FIVE_ORGAN_TYPES

__all__ = ["FIVE_ORGAN_TYPES", "OrganAssessment"]

ASSESSMENT_NAMESPACE = UUID("4c679a95-2b8b-4467-bb22-60a958285cc2")


class OrganAssessment(Record):
    """A leader's assessment of one department, for one quarter, on the five types of organ (0–100 each).

    One assessment stands per department and quarter; a withdrawn one may be followed by a new one.
    Its id is derived from (department, quarter) and how many such assessments were withdrawn
    before it, so the log itself refuses a second standing assessment, even from two leaders at
    once. Assessments recorded before ids were derived keep their random ids.
    """

    @staticmethod
    def create_id(department_id: UUID, period: str, withdrawn_before: int = 0) -> UUID:
        return standing_id(ASSESSMENT_NAMESPACE, f"{department_id.hex}:{period}", withdrawn_before)

    @event("Recorded")
    def __init__(
        self,
        department_id: UUID,
        period: str,
        scores: dict[str, int],
        comment: str,
        evidence: list[dict[str, Any]],
        occurred_on: date,
        by: Actor,
    ) -> None:
        self._start(occurred_on, by)
        self.department_id = department_id
        self.period = period
        self.scores = scores
        self.comment = comment
        self.evidence = evidence
