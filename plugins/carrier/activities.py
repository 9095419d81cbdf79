"""Carrier activities: the commands, service and read model every carrier shares.

A carrier plugin declares the kinds of activity it holds (`Plugin(carrier=Carrier(kinds=...))`:
kind -> pydantic model of its own fields); the service validates the common fields here and
the carrier's fields with that model. Evidence files go to the content-addressed store first;
the activity holds their hashes.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from culture_ledger.ledger import Service
from culture_ledger.registry import ACTIVITY_NAME_LENGTH
from culture_ledger.validation import not_in_future, validate
from domain.activity import Activity
from domain.actor import Actor
from domain.errors import InvalidCommand
from domain.vocabulary import IDEAS
from event_store.evidence import EvidenceStore, evidence_root
from event_store.projection import Db, Projection, handles

Idea = Literal[IDEAS]  # type: ignore[valid-type]


class EvidenceFile(BaseModel):
    """A file already put in the evidence store."""

    name: str = Field(min_length=1, max_length=200)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    media_type: str = Field(default="application/octet-stream", max_length=100)
    size: int = Field(default=0, ge=0)


class RecordActivity(BaseModel):
    """Record an activity held under a carrier (应到 = 实到 + 缺席, absentees named)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    carrier: str = Field(min_length=1, max_length=ACTIVITY_NAME_LENGTH)  # a registered carrier plugin's id
    kind: str = Field(min_length=1, max_length=ACTIVITY_NAME_LENGTH)
    title: str = Field(min_length=1, max_length=200)
    occurred_on: date
    department_id: UUID
    place: str = Field(default="", max_length=200)
    organiser: str = Field(default="", max_length=100)
    expected: int = Field(ge=0, le=10000)
    present: int = Field(ge=0, le=10000)
    absentees: list[str] = Field(default_factory=list, max_length=10000)
    agenda: str = Field(default="", max_length=5000)
    content: str = Field(default="", max_length=20000)
    outcome: str = Field(default="", max_length=5000)
    ideas: list[Idea] = Field(default_factory=list)
    evidence: list[EvidenceFile] = Field(default_factory=list, max_length=50)
    details: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _attendance_adds_up(self) -> RecordActivity:
        not_in_future(self.occurred_on)
        self.absentees = [a.strip() for a in self.absentees if a.strip()]
        if self.present > self.expected:
            raise PydanticCustomError("present_exceeds_expected", "more present than expected")
        if self.expected - self.present != len(self.absentees):
            raise PydanticCustomError(
                "absentees_not_named",
                "name every absentee",
                {"missing": self.expected - self.present, "named": len(self.absentees)},
            )
        self.ideas = list(dict.fromkeys(self.ideas))
        return self


def _ideas_if_required(model: type[BaseModel], cmd: RecordActivity) -> None:
    """A kind whose model sets `requires_ideas = True` must name the ideas it serves."""
    if getattr(model, "requires_ideas", False) and not cmd.ideas:
        raise InvalidCommand([("ideas", "validation.ideas_required", {})])


def _details(carrier: str, model: type[BaseModel], details: dict[str, Any]) -> dict[str, Any]:
    """A kind's own fields checked by the carrier's model; a refusal names them in the carrier's
    words (`<carrier>.field.<name>`), wherever its package lives."""
    try:
        return validate(model, details).model_dump(mode="json")
    except InvalidCommand as refused:
        raise InvalidCommand(refused.errors, source=carrier) from None


class ActivityService(Service):
    """Record, correct and review carrier activities."""

    beside_log = ("evidence",)

    def __init__(self, ledger):
        super().__init__(ledger)
        self.evidence = EvidenceStore(evidence_root(ledger.url))

    def kinds(self, carrier: str) -> dict[str, type[BaseModel]]:
        """The kinds of activity a carrier declares (none for an id that is not a registered carrier)."""
        return {
            kind: model
            for p in self.ledger.registry.carriers
            if p.id == carrier
            for kind, model in p.carrier.kinds.items()
        }

    def put_evidence(self, name: str, content: bytes, media_type: str = "application/octet-stream") -> dict[str, Any]:
        """Keep a file in the evidence store; returns the reference an activity holds."""
        return {"name": name, "sha256": self.evidence.put(content), "media_type": media_type, "size": len(content)}

    def record(self, command: RecordActivity | dict, by: Actor, *, submit: bool = True) -> UUID:
        """Validate and record an activity (submitted for review unless `submit=False`)."""
        activity = self._build(command, by, submit)
        self.save(activity)
        return activity.id

    def record_batch(
        self, commands: list[RecordActivity | dict], by: Actor, *, submit: bool = True, chunk: int = 500
    ) -> list[UUID]:
        """The bulk path (imports, demo data): every command validated first, then appended together."""
        activities = [self._build(command, by, submit) for command in commands]
        self.save_many(activities, chunk)
        return [a.id for a in activities]

    def review_batch(self, decisions: list[tuple[UUID, str, str]], by: Actor) -> None:
        """A leader's bulk review: (activity id, "confirm" or "return", reason) each; all or nothing."""
        self.authorize(by, "review")
        reviewed = []
        for activity_id, decision, reason in decisions:
            activity = self.get(activity_id, Activity)
            if decision == "confirm":
                activity.confirm(by)
            elif decision == "return":
                activity.return_(reason, by)
            else:
                raise ValueError(f"unknown review decision {decision!r}")
            reviewed.append(activity)
        if reviewed:
            self.save(*reviewed)

    def _build(self, command: RecordActivity | dict, by: Actor, submit: bool) -> Activity:
        cmd = validate(RecordActivity, command)
        self.authorize(by, "record", department_id=cmd.department_id)
        if cmd.carrier not in {p.id for p in self.ledger.registry.carriers}:
            raise InvalidCommand([("carrier", "validation.unknown_carrier", {})])
        model = self.kinds(cmd.carrier).get(cmd.kind)
        if model is None:
            raise InvalidCommand([("kind", "validation.unknown_kind", {})])
        details = _details(cmd.carrier, model, cmd.details)
        _ideas_if_required(model, cmd)
        from domain.people import Department

        if not self.exists(cmd.department_id, Department):
            raise InvalidCommand([("department_id", "validation.unknown_department", {})])
        missing = [e.name for e in cmd.evidence if self.evidence.check(e.sha256) != "ok"]
        if missing:
            raise InvalidCommand([("evidence", "validation.evidence_missing", {"files": ", ".join(missing)})])
        data = cmd.model_dump(mode="python", exclude={"details", "evidence"})
        activity = Activity(**data, evidence=[e.model_dump() for e in cmd.evidence], details=details, by=by)
        if submit:
            activity.submit(by)
        return activity

    def amend(
        self, activity_id: UUID, changes: dict[str, Any], reason: str, by: Actor, *, version: int | None = None
    ) -> None:
        """Correct fields of an activity; the whole record is re-validated first."""
        activity = self.get(activity_id, Activity, version=version)
        self.authorize(by, "record", department_id=activity.department_id)
        current = {k: getattr(activity, k) for k in RecordActivity.model_fields}
        merged = validate(RecordActivity, {**current, **changes})
        model = self.kinds(merged.carrier).get(merged.kind)
        if model is not None:
            merged.details = _details(merged.carrier, model, merged.details)
            _ideas_if_required(model, merged)
        new = merged.model_dump(mode="python")
        new["evidence"] = [dict(e) for e in new["evidence"]]
        activity.amend({k: new[k] for k in changes if k in new}, reason, by)
        self.save(activity)

    def withdraw(self, activity_id: UUID, reason: str, by: Actor, *, version: int | None = None) -> None:
        activity = self.get(activity_id, Activity, version=version)
        self.authorize(by, "record", department_id=activity.department_id)
        activity.withdraw(reason, by)
        self.save(activity)

    def submit(self, activity_id: UUID, by: Actor) -> None:
        activity = self.get(activity_id, Activity)
        self.authorize(by, "record", department_id=activity.department_id)
        activity.submit(by)
        self.save(activity)

    def confirm(self, activity_id: UUID, by: Actor, *, version: int | None = None) -> None:
        """A leader confirms a submitted activity; from now on it counts."""
        self.authorize(by, "review")
        activity = self.get(activity_id, Activity, version=version)
        activity.confirm(by)
        self.save(activity)

    def return_(self, activity_id: UUID, reason: str, by: Actor, *, version: int | None = None) -> None:
        """A leader returns a submitted activity with a reason."""
        self.authorize(by, "review")
        activity = self.get(activity_id, Activity, version=version)
        activity.return_(reason, by)
        self.save(activity)


class ActivitiesProjection(Projection):
    """Every activity of every carrier as it stands, and its review history."""

    name = "activities"
    tables = {
        "activities": "id TEXT PRIMARY KEY, carrier TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, "
        "department_id TEXT NOT NULL, occurred_on TEXT NOT NULL, place TEXT, organiser TEXT, "
        "expected INTEGER, present INTEGER, absent INTEGER, absentees TEXT, ideas TEXT, "
        "agenda TEXT, content TEXT, outcome TEXT, evidence TEXT, details TEXT, "
        "review TEXT NOT NULL, withdrawn INTEGER NOT NULL DEFAULT 0, recorded_by TEXT, recorded_at TEXT, "
        "version INTEGER, position INTEGER",
        "activity_history": "activity_id TEXT NOT NULL, position INTEGER NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, "
        "account TEXT NOT NULL, role TEXT NOT NULL, reason TEXT, PRIMARY KEY (activity_id, position)",
    }
    indexes = ("CREATE INDEX IF NOT EXISTS activities_carrier ON activities (carrier, occurred_on)",)

    @staticmethod
    def _history(db: Db, e: Any, position: int, action: str, reason: str | None = None) -> None:
        db.execute(
            "INSERT INTO activity_history VALUES (?,?,?,?,?,?,?)",
            (e.originator_id.hex, position, e.timestamp.isoformat(), action, e.by.account, e.by.role, reason),
        )

    @handles(Activity.Recorded)
    def recorded(self, db: Db, e: Activity.Recorded, position: int) -> None:
        db.execute(
            "INSERT INTO activities VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'draft',0,?,?,?,?)",
            (
                e.originator_id.hex,
                e.carrier,
                e.kind,
                e.title,
                e.department_id.hex,
                e.occurred_on.isoformat(),
                e.place,
                e.organiser,
                e.expected,
                e.present,
                e.expected - e.present,
                json.dumps(e.absentees, ensure_ascii=False),
                ",".join(e.ideas),
                e.agenda,
                e.content,
                e.outcome,
                json.dumps(e.evidence, ensure_ascii=False),
                json.dumps(e.details, ensure_ascii=False, default=str),
                e.by.account,
                e.timestamp.isoformat(),
                e.originator_version,
                position,
            ),
        )
        self._history(db, e, position, "recorded")

    @handles(Activity.Amended)
    def amended(self, db: Db, e: Activity.Amended, position: int) -> None:
        columns = {"title", "place", "organiser", "expected", "present", "agenda", "content", "outcome", "kind"}
        sets, params = [], []
        for key, value in e.changes.items():
            if key in columns:
                sets.append(f"{key}=?")
                params.append(value)
            elif key == "occurred_on":
                sets.append("occurred_on=?")
                params.append(value.isoformat() if isinstance(value, date) else value)
            elif key == "department_id":
                sets.append("department_id=?")
                params.append(value.hex if isinstance(value, UUID) else value)
            elif key in ("absentees", "evidence", "details"):
                sets.append(f"{key}=?")
                params.append(json.dumps(value, ensure_ascii=False, default=str))
            elif key == "ideas":
                sets.append("ideas=?")
                params.append(",".join(value))
        db.execute(
            f"UPDATE activities SET {''.join(s + ', ' for s in sets)}absent=expected-present, version=?, position=? "
            "WHERE id=?",
            (*params, e.originator_version, position, e.originator_id.hex),
        )
        db.execute("UPDATE activities SET absent=expected-present WHERE id=?", (e.originator_id.hex,))
        self._history(db, e, position, "amended", e.reason)

    @handles(Activity.Withdrawn)
    def withdrawn(self, db: Db, e: Activity.Withdrawn, position: int) -> None:
        db.execute(
            "UPDATE activities SET withdrawn=1, version=?, position=? WHERE id=?",
            (e.originator_version, position, e.originator_id.hex),
        )
        self._history(db, e, position, "withdrawn", e.reason)

    def _review(self, db: Db, e: Any, position: int, state: str, reason: str | None = None) -> None:
        db.execute(
            "UPDATE activities SET review=?, version=?, position=? WHERE id=?",
            (state, e.originator_version, position, e.originator_id.hex),
        )
        self._history(db, e, position, state, reason)

    @handles(Activity.Submitted)
    def submitted(self, db: Db, e: Activity.Submitted, position: int) -> None:
        self._review(db, e, position, "submitted")

    @handles(Activity.Confirmed)
    def confirmed(self, db: Db, e: Activity.Confirmed, position: int) -> None:
        self._review(db, e, position, "confirmed")

    @handles(Activity.Returned)
    def returned(self, db: Db, e: Activity.Returned, position: int) -> None:
        self._review(db, e, position, "returned", e.reason)


# --- queries every carrier shares ------------------------------------------------------
# Counted means: confirmed by a leader and not withdrawn. Only counted activities feed indicators.

COUNTED = "a.review = 'confirmed' AND a.withdrawn = 0"


def _where(
    carrier: str,
    *,
    start: date | None = None,
    end: date | None = None,
    department_id: str | None = None,
    kinds: tuple[str, ...] | list[str] | None = None,
    idea: str | None = None,
    search: str | None = None,
    counted_only: bool = False,
) -> tuple[str, list[Any]]:
    clauses, params = ["a.carrier = ?"], [carrier]
    if start is not None:
        clauses.append("a.occurred_on >= ?")
        params.append(start.isoformat())
    if end is not None:
        clauses.append("a.occurred_on <= ?")
        params.append(end.isoformat())
    if department_id:
        clauses.append("a.department_id = ?")
        params.append(department_id)
    if kinds:
        clauses.append(f"a.kind IN ({','.join('?' for _ in kinds)})")
        params.extend(kinds)
    if idea:
        clauses.append("(',' || a.ideas || ',') LIKE ?")
        params.append(f"%,{idea},%")
    if search:
        clauses.append(
            "(a.title LIKE ? OR a.content LIKE ? OR a.outcome LIKE ? OR a.place LIKE ? OR a.organiser LIKE ?)"
        )
        params.extend([f"%{search}%"] * 5)
    if counted_only:
        clauses.append(COUNTED)
    return " AND ".join(clauses), params


def activity_rows(ledger, carrier: str, **filters: Any) -> list[dict[str, Any]]:
    """A carrier's activities (newest first) with their department's name, filtered by period,
    department, kinds, idea and a search text; JSON columns decoded."""
    where, params = _where(carrier, **filters)
    rows = ledger.query(
        "SELECT a.*, d.name AS department FROM activities a LEFT JOIN departments d ON d.id = a.department_id "
        f"WHERE {where} ORDER BY a.occurred_on DESC, a.recorded_at DESC",
        params,
    )
    for row in rows:
        for key in ("absentees", "evidence", "details"):
            row[key] = json.loads(row[key]) if row.get(key) else ([] if key != "details" else {})
        row["ideas"] = [i for i in (row.get("ideas") or "").split(",") if i]
    return rows


def activity_history(ledger, activity_id: str) -> list[dict[str, Any]]:
    """Every step of one activity: recorded, submitted, confirmed/returned, amended, withdrawn."""
    return ledger.query(
        "SELECT position, at, action, account, role, reason FROM activity_history "
        "WHERE activity_id = ? ORDER BY position",
        (activity_id,),
    )


def scope_filters(scope: Any) -> dict[str, Any]:
    """The activity filters of an indicator scope (registry.Scope)."""
    return {
        "start": scope.start,
        "end": scope.end,
        "department_id": scope.department_id,
        "idea": getattr(scope, "idea", None),
    }


def counted_activities(ledger, carrier: str, scope: Any, kinds: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """The confirmed, not withdrawn activities of a carrier within an indicator scope."""
    return activity_rows(ledger, carrier, kinds=kinds, counted_only=True, **scope_filters(scope))


def activity_records(carrier: str, kinds: tuple[str, ...] | None = None, extra: tuple[str, ...] = ()):
    """The records behind a count of counted activities: id, title, date, department (and `extra` columns)."""

    def rows(ledger, scope: Any) -> list[dict[str, Any]]:
        return [
            {
                "id": r["id"],
                "title": r["title"],
                "occurred_on": r["occurred_on"],
                "department": r["department"],
                **{k: r[k] for k in extra},
            }
            for r in counted_activities(ledger, carrier, scope, kinds=kinds)
        ]

    return rows


def count_of(records):
    """An indicator's value as the number of its records."""

    def count(ledger, scope: Any) -> int:
        return len(records(ledger, scope))

    return count


def attendance_rate(ledger, carrier: str, scope: Any, kinds: tuple[str, ...] | None = None) -> float | None:
    """Σ present / Σ expected over counted activities that expected anyone (None when none did)."""
    where, params = _where(carrier, kinds=kinds, counted_only=True, **scope_filters(scope))
    row = ledger.query(
        f"SELECT SUM(a.present) AS present, SUM(a.expected) AS expected FROM activities a "
        f"WHERE {where} AND a.expected > 0",
        params,
    )[0]
    return (row["present"] / row["expected"]) if row["expected"] else None


def departments_without_activity(
    ledger, carrier: str, start: date, end: date, kinds: tuple[str, ...] | None = None
) -> list[dict[str, Any]]:
    """Departments that held no counted activity of the carrier between start and end (the gaps)."""
    where, params = _where(carrier, start=start, end=end, kinds=kinds, counted_only=True)
    return ledger.query(
        "SELECT d.id, d.name FROM departments d WHERE d.id NOT IN "
        f"(SELECT a.department_id FROM activities a WHERE {where}) ORDER BY d.name",
        params,
    )
