"""How domain values that JSON lacks are written into stored payloads."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.persistence import Transcoding

from domain.actor import Actor, Origin


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

    def encode(self, obj: Actor) -> dict[str, Any]:
        data: dict[str, Any] = {"account": obj.account, "role": obj.role, "channel": obj.channel}
        if obj.origin is not None:  # only an imported row's events say so: the others are stored as ever
            data["origin"] = {"file": obj.origin.file, "sha256": obj.origin.sha256, "row": obj.origin.row}
        return data

    def decode(self, data: Any) -> Actor:
        origin = data.get("origin")
        return Actor(data["account"], data["role"], data.get("channel", "form"), Origin(**origin) if origin else None)


class TupleAsList(Transcoding):
    type = tuple
    name = "tuple"

    def encode(self, obj: tuple) -> list:
        return list(obj)

    def decode(self, data: list) -> tuple:
        return tuple(data)


ALL = (DateAsISO, ActorAsDict, TupleAsList)


# --- decoding at the speed of the log (rebuilds, the worker) ------------------------------

import orjson  # noqa: E402
from eventsourcing.persistence import JSONTranscoder  # noqa: E402


class LedgerTranscoder(JSONTranscoder):
    """The library's JSON transcoder, same stored format; decoding parses with orjson and then
    revives `{"_type_": ..., "_data_": ...}` objects bottom-up, as the library's object hook
    does, with the common case inlined (rebuilds and the worker decode every event). Anything
    orjson refuses (NaN, say) goes through the library's own decoder."""

    def decode(self, data: bytes) -> Any:
        try:
            obj = orjson.loads(data)
        except orjson.JSONDecodeError:
            return super().decode(data)
        if type(obj) is dict:
            return self._revive_dict(obj)
        return self._revive_list(obj) if type(obj) is list else obj

    def _revive_dict(self, obj: dict[str, Any]) -> Any:
        names = self.names
        for key, value in obj.items():
            kind = type(value)
            if kind is dict:
                if len(value) == 2 and "_type_" in value and "_data_" in value:
                    # The common case, inlined: a typed value such as a date, a UUID, an actor.
                    data = value["_data_"]
                    if type(data) is dict:
                        data = self._revive_dict(data)
                    elif type(data) is list:
                        data = self._revive_list(data)
                    transcoding = names.get(value["_type_"])
                    obj[key] = transcoding.decode(data) if transcoding else self._decode_obj(value)
                else:
                    obj[key] = self._revive_dict(value)
            elif kind is list:
                obj[key] = self._revive_list(value)
        if len(obj) == 2 and "_type_" in obj and "_data_" in obj:
            return self._decode_obj(obj)
        return obj

    def _revive_list(self, obj: list[Any]) -> list[Any]:
        return [
            self._revive_dict(v) if type(v) is dict else self._revive_list(v) if type(v) is list else v for v in obj
        ]
