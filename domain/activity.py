"""Carrier activities (载体活动): the common record every carrier keeps of what it held.

One aggregate type for all five carriers: `carrier` and `kind` say what it was (e.g.
political / education_session); the carrier's own fields sit in `details`, validated by
that carrier's command model. Leaders confirm or return submitted activities; only
confirmed ones count.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.actor import Actor
from domain.records import ReviewedRecord


class Activity(ReviewedRecord):
    """An activity held under one carrier: who was expected, who came, what came of it."""

    @event("Recorded")
    def __init__(
        self,
        carrier: str,
        kind: str,
        title: str,
        occurred_on: date,
        department_id: UUID,
        place: str,
        organiser: str,
        expected: int,
        present: int,
        absentees: list[str],
        agenda: str,
        content: str,
        outcome: str,
        ideas: list[str],
        evidence: list[dict[str, Any]],
        details: dict[str, Any],
        by: Actor,
    ) -> None:
        self._start(occurred_on, by)
        self.carrier = carrier
        self.kind = kind
        self.title = title
        self.department_id = department_id
        self.place = place
        self.organiser = organiser
        self.expected = expected
        self.present = present
        self.absentees = absentees
        self.agenda = agenda
        self.content = content
        self.outcome = outcome
        self.ideas = ideas
        self.evidence = evidence
        self.details = details
