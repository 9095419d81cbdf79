"""Daily study (日学一时): one entry per sitting of study, amended or withdrawn by new events."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.actor import Actor
from domain.records import Record


class StudyEntry(Record):
    """A cadre studied for some minutes on a day, on some material, alone or in a group, somewhere."""

    class Recorded(Record.Created):
        """The entry was recorded. Version 2 added `place` (学习地点); entries recorded before it have ""."""

        class_version = 2
        cadre_id: UUID
        occurred_on: date
        minutes: int
        material: str
        mode: str
        place: str
        by: Actor

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state["place"] = ""

    @event(Recorded)
    def __init__(self, cadre_id: UUID, occurred_on: date, minutes: int, material: str, mode: str, by: Actor,
                 place: str = "") -> None:
        self._start(occurred_on, by)
        self.cadre_id = cadre_id
        self.minutes = minutes
        self.material = material
        self.mode = mode
        self.place = place
