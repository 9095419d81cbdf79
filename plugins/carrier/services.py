"""Recording, correcting and reviewing carrier activities (`ledger.activities`).

A carrier plugin declares the kinds of activity it holds (`Plugin(carrier=Carrier(kinds=...))`:
kind -> pydantic model of its own fields); the service validates the common fields and the
carrier's fields with that model. Evidence files come with the command (`uploads`): checked by
content and size first, written to the content-addressed store only as the activity is saved (and
removed if saving fails); the activity holds their hashes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel

from culture_ledger.ledger import Service
from culture_ledger.validation import validate
from domain.activity import Activity
from domain.actor import Actor
from domain.errors import InvalidCommand
from event_store.evidence import MAX_EVIDENCE_MB, EvidenceStore, Upload, evidence_root, media_type_of
from plugins.carrier.commands import RecordActivity


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


def _with_evidence(command: RecordActivity | dict, added: list[dict[str, Any]]) -> RecordActivity | dict:
    """The command with the uploaded files' references after any evidence it already names."""
    if not added:
        return command
    data = command.model_dump() if isinstance(command, BaseModel) else dict(command)
    return {**data, "evidence": [*(data.get("evidence") or []), *added]}


def _fields(activity: Activity) -> dict[str, Any]:
    return {k: getattr(activity, k) for k in RecordActivity.model_fields}


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

    def admit_evidence(self, uploads: Sequence[Upload]) -> list[dict[str, Any]]:
        """Check uploaded files before anything is stored: each a photo or a document by its content
        (`media_type_of`), not empty, at most MAX_EVIDENCE_MB; the references a record will hold,
        or InvalidCommand naming every file refused and why."""
        refused, refs = [], []
        for upload in uploads:
            media_type = media_type_of(upload.content)
            if not upload.content:
                refused.append(("evidence", "validation.evidence_empty", {"name": upload.name}))
            elif len(upload.content) > MAX_EVIDENCE_MB * 1024 * 1024:
                refused.append(
                    ("evidence", "validation.evidence_too_large", {"name": upload.name, "mb": MAX_EVIDENCE_MB})
                )
            elif media_type is None:
                refused.append(("evidence", "validation.evidence_type", {"name": upload.name}))
            else:
                sha = hashlib.sha256(upload.content).hexdigest()
                refs.append({"name": upload.name, "sha256": sha, "media_type": media_type, "size": len(upload.content)})
        if refused:
            raise InvalidCommand(refused)
        return refs

    def put_evidence(self, name: str, content: bytes, media_type: str | None = None) -> dict[str, Any]:
        """Keep one checked file in the evidence store; returns the reference an activity holds (the
        type is read from the content: `media_type` is only what the sender claimed, and is ignored)."""
        (ref,) = self.admit_evidence([Upload(name, content)])
        self.evidence.put(content)
        return ref

    def record(
        self, command: RecordActivity | dict, by: Actor, *, submit: bool = True, uploads: Sequence[Upload] = ()
    ) -> UUID:
        """Validate and record an activity (submitted for review unless `submit=False`), with the files
        uploaded with it: checked first, written only when the activity is, removed if saving fails."""
        added = self.admit_evidence(uploads)
        activity = self._build(_with_evidence(command, added), by, submit, arriving={r["sha256"] for r in added})
        with self.evidence.holding(u.content for u in uploads):
            self.save(activity)
        return activity.id

    def record_batch(
        self,
        commands: list[RecordActivity | dict],
        by: Actor,
        *,
        submit: bool = True,
        chunk: int = 500,
        each: Sequence[Actor] | None = None,
    ) -> list[UUID]:
        """The bulk path (imports, demo data): every command validated first, then appended together.
        `each` (an import): the actor each command is recorded by, saying its file and row; `by` else."""
        actors = each if each is not None else [by] * len(commands)
        activities = [self._build(command, actor, submit) for command, actor in zip(commands, actors, strict=True)]
        self.save_many(activities, chunk)
        return [a.id for a in activities]

    def review_batch(self, decisions: list[tuple[UUID, Literal["confirm", "return"], str]], by: Actor) -> None:
        """A leader's bulk review: (activity id, "confirm" or "return", reason) each; all or nothing."""
        self.authorize(by, "review")
        reviewed = []
        for activity_id, decision, reason in decisions:
            activity = self.get(activity_id, Activity)
            self.refuse_own(by, "activity", recorder=activity.recorded_by)  # no one confirms his own
            if decision == "confirm":
                activity.confirm(by)
            elif decision == "return":
                activity.return_(reason, by)
            else:
                raise ValueError(f"unknown review decision {decision!r}")
            reviewed.append(activity)
        if reviewed:
            self.save(*reviewed)

    def _build(
        self, command: RecordActivity | dict, by: Actor, submit: bool, arriving: frozenset[str] | set[str] = frozenset()
    ) -> Activity:
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
        missing = [e.name for e in cmd.evidence if e.sha256 not in arriving and self.evidence.check(e.sha256) != "ok"]
        if missing:
            raise InvalidCommand([("evidence", "validation.evidence_missing", {"files": ", ".join(missing)})])
        data = cmd.model_dump(mode="python", exclude={"details", "evidence"})
        activity = Activity(**data, evidence=[e.model_dump() for e in cmd.evidence], details=details, by=by)
        if submit:
            activity.submit(by)
        return activity

    def amend(
        self,
        activity_id: UUID,
        changes: dict[str, Any],
        reason: str,
        by: Actor,
        *,
        version: int | None = None,
        uploads: Sequence[Upload] = (),
    ) -> None:
        """Correct fields of an activity; the whole record is re-validated first. Files uploaded with
        the correction are added to its evidence (checked first, written only when the change is)."""
        added = self.admit_evidence(uploads)
        activity = self.get(activity_id, Activity, version=version)
        self._may_change(activity, by)
        if "department_id" in changes:  # a move: into one of the actor's departments only
            self._may_change(activity, by, validate(RecordActivity, {**_fields(activity), **changes}).department_id)
        if added:
            changes = {**changes, "evidence": [*changes.get("evidence", activity.evidence), *added]}
        current = _fields(activity)
        merged = validate(RecordActivity, {**current, **changes})
        model = self.kinds(merged.carrier).get(merged.kind)
        if model is not None:
            merged.details = _details(merged.carrier, model, merged.details)
            _ideas_if_required(model, merged)
        new = merged.model_dump(mode="python")
        new["evidence"] = [dict(e) for e in new["evidence"]]
        activity.amend({k: new[k] for k in changes if k in new}, reason, by)  # a confirmed one goes back for review
        with self.evidence.holding(u.content for u in uploads):
            self.save(activity)

    def _may_change(self, activity: Activity, by: Actor, department_id: UUID | None = None) -> None:
        """Staff change only their department's activities (and what they recorded); see `rights.RECORDS`."""
        self.authorize_change(
            by,
            "activity",
            department_id=department_id or activity.department_id,
            recorder=None if department_id else activity.recorded_by,
        )

    def withdraw(self, activity_id: UUID, reason: str, by: Actor, *, version: int | None = None) -> None:
        activity = self.get(activity_id, Activity, version=version)
        self._may_change(activity, by)
        activity.withdraw(reason, by)
        self.save(activity)

    def submit(self, activity_id: UUID, by: Actor) -> None:
        activity = self.get(activity_id, Activity)
        self._may_change(activity, by)
        activity.submit(by)
        self.save(activity)

    def confirm(self, activity_id: UUID, by: Actor, *, version: int | None = None) -> None:
        """A leader confirms a submitted activity; from now on it counts."""
        self.authorize(by, "review")
        activity = self.get(activity_id, Activity, version=version)
        self.refuse_own(by, "activity", recorder=activity.recorded_by)  # no one confirms his own
        activity.confirm(by)
        self.save(activity)

    def return_(self, activity_id: UUID, reason: str, by: Actor, *, version: int | None = None) -> None:
        """A leader returns a submitted activity with a reason."""
        self.authorize(by, "review")
        activity = self.get(activity_id, Activity, version=version)
        self.refuse_own(by, "activity", recorder=activity.recorded_by)
        activity.return_(reason, by)
        self.save(activity)
