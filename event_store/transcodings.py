"""How domain values that JSON lacks are written into stored payloads."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.persistence import Transcoding

from domain.actor import Actor


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class ActorAsDict(Transcoding):
    type = Actor
    name = "actor"

    def encode(self, obj: Actor) -> dict[str, str]:
        return {"account": obj.account, "role": obj.role, "channel": obj.channel}

    def decode(self, data: Any) -> Actor:
        return Actor(**data)


class TupleAsList(Transcoding):
    type = tuple
    name = "tuple"

    def encode(self, obj: tuple) -> list:
        return list(obj)

    def decode(self, data: list) -> tuple:
        return tuple(data)


ALL = (DateAsISO, ActorAsDict, TupleAsList)
