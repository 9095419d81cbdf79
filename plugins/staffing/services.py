"""Recording staffing decisions, hires and departures on the jurisdiction, under the total quota."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from uuid import UUID, uuid4

from culture_ledger.ledger import Service
from culture_ledger.validation import validate
from domain.actor import Actor
from domain.errors import NotFound, StaleRecord
from plugins.staffing.commands import (
    AbolishInstitution,
    AdjustQuota,
    AdjustTotalQuota,
    ChangePost,
    EstablishInstitution,
    HireStaff,
    MergeInstitutions,
    ReallocateQuota,
    RecordDeparture,
    RegisterJurisdiction,
    RenameInstitution,
    SetOverQuotaPolicy,
    SetTalentPlan,
)
from plugins.staffing.domain import JURISDICTION_ID, Jurisdiction, StaffingRefused

T = TypeVar("T")

ATTEMPTS = 8
"""How often a decision is re-checked against a newer state after losing a race to another writer."""


class StaffingService(Service):
    """机构编制: the jurisdiction's institutions, quotas and staff, never beyond the total quota."""

    def __init__(self, ledger):
        super().__init__(ledger)
        self._local = threading.local()

    def jurisdiction(self) -> Jurisdiction:
        """The jurisdiction as it stands now (refused when none was registered).

        Every decision reads the whole jurisdiction: the library's repository cache keeps the last
        state and fast-forwards it with the events stored since (by any process); callers get a
        copy they may change freely.
        """
        try:
            return self.get(JURISDICTION_ID, Jurisdiction)
        except NotFound:
            raise StaffingRefused("no jurisdiction registered", key="staffing.error.no_jurisdiction") from None

    def _decide(self, decide: Callable[[Jurisdiction], T]) -> T:
        """Apply a decision to the newest state and save it; after losing a race, re-check and retry.

        A concurrent writer that saved first makes our save conflict on the aggregate's version
        (nothing of ours is written). We then reload and decide again: a decision that still
        fits succeeds, one that no longer fits is refused by the domain's checks.
        """
        pending = getattr(self._local, "batch", None)
        if pending is not None:
            return decide(pending)
        for _ in range(ATTEMPTS):
            jurisdiction = self.jurisdiction()
            result = decide(jurisdiction)
            try:
                self.save(jurisdiction)
            except StaleRecord:
                continue
            return result
        raise StaleRecord("the jurisdiction kept changing; try again")

    @contextmanager
    def batch(self) -> Iterator[Jurisdiction]:
        """The bulk path (demo data, imports): the decisions made in the block apply in order to one
        copy of the jurisdiction and are appended together when it ends, in one transaction.

        Each is checked exactly as alone and a refused one raises as alone; left uncaught, or if
        another writer changed the jurisdiction meanwhile (StaleRecord), nothing of the block is
        written. Read models catch up at the end: inside the block, read the yielded jurisdiction.
        """
        self._local.batch = self.jurisdiction()
        try:
            yield self._local.batch
            pending = self._local.batch
        finally:
            self._local.batch = None
        self.save(pending)

    # --- the jurisdiction -------------------------------------------------------------------

    def register_jurisdiction(self, command: RegisterJurisdiction | dict, by: Actor) -> UUID:
        """Open the ledger with the jurisdiction's total quota (once per store)."""
        cmd = validate(RegisterJurisdiction, command)
        self.authorize(by, "admin")
        if self.exists(JURISDICTION_ID, Jurisdiction):
            raise StaffingRefused("already registered", key="staffing.error.jurisdiction_exists")
        jurisdiction = Jurisdiction(
            name=cmd.name, total_quota=cmd.total_quota, doc_no=cmd.doc_no, decided_on=cmd.decided_on, by=by
        )
        try:
            self.save(jurisdiction)
        except StaleRecord:
            raise StaffingRefused("already registered", key="staffing.error.jurisdiction_exists") from None
        return jurisdiction.id

    def adjust_total_quota(self, command: AdjustTotalQuota | dict, by: Actor) -> None:
        """A new total quota (编制总量), never below what is allocated."""
        cmd = validate(AdjustTotalQuota, command)
        self.authorize(by, "admin")
        self._decide(lambda j: j.adjust_total(cmd.total_quota, by=by, **cmd.decision()))

    def set_over_quota_policy(self, command: SetOverQuotaPolicy | dict, by: Actor) -> None:
        """Refuse hires beyond the quota, or record them with a flag."""
        cmd = validate(SetOverQuotaPolicy, command)
        self.authorize(by, "admin")
        self._decide(lambda j: j.set_over_quota_policy(cmd.policy, cmd.reason, by=by))

    def set_talent_plan(self, command: SetTalentPlan | dict, by: Actor) -> None:
        """人才发展规划: replace the targets per field and quota type."""
        cmd = validate(SetTalentPlan, command)
        self.authorize(by, "admin")
        targets = [t.model_dump() for t in cmd.targets]
        self._decide(lambda j: j.set_talent_plan(title=cmd.title, targets=targets, reason=cmd.reason, by=by))

    # --- decisions on institutions ----------------------------------------------------------

    def establish(self, command: EstablishInstitution | dict, by: Actor) -> UUID:
        """设: a new institution with its quota, refused when the total quota would be exceeded."""
        cmd = validate(EstablishInstitution, command)
        self.authorize(by, "record")
        institution_id = uuid4()
        self._decide(
            lambda j: j.establish(institution_id, cmd.name, cmd.kind, cmd.field, cmd.quota(), by=by, **cmd.decision())
        )
        return institution_id

    def abolish(self, command: AbolishInstitution | dict, by: Actor) -> None:
        """撤: its quota returns to the pool; refused while people are still on it."""
        cmd = validate(AbolishInstitution, command)
        self.authorize(by, "record")
        self._decide(lambda j: j.abolish(cmd.institution_id, by=by, **cmd.decision()))

    def merge(self, command: MergeInstitutions | dict, by: Actor) -> UUID:
        """合: the merged institutions' quota and staff move to the result; returns the result's id."""
        cmd = validate(MergeInstitutions, command)
        self.authorize(by, "record")
        into_id = cmd.into_id or uuid4()
        new = None if cmd.into_id else {"name": cmd.new_name, "kind": cmd.new_kind, "field": cmd.new_field}
        self._decide(lambda j: j.merge(list(cmd.merged_ids), into_id, new, by=by, **cmd.decision()))
        return into_id

    def rename(self, command: RenameInstitution | dict, by: Actor) -> None:
        """更名."""
        cmd = validate(RenameInstitution, command)
        self.authorize(by, "record")
        self._decide(lambda j: j.rename(cmd.institution_id, cmd.name, by=by, **cmd.decision()))

    def reallocate(self, command: ReallocateQuota | dict, by: Actor) -> None:
        """盘活存量: move vacant quota between institutions in one decision."""
        cmd = validate(ReallocateQuota, command)
        self.authorize(by, "record")
        self._decide(
            lambda j: j.reallocate(cmd.from_id, cmd.to_id, cmd.quota_type, cmd.amount, by=by, **cmd.decision())
        )

    def adjust_quota(self, command: AdjustQuota | dict, by: Actor) -> None:
        """核增 within the total, or 核减 of vacant quota."""
        cmd = validate(AdjustQuota, command)
        self.authorize(by, "record")
        self._decide(lambda j: j.adjust_quota(cmd.institution_id, cmd.quota_type, cmd.delta, by=by, **cmd.decision()))

    # --- staff --------------------------------------------------------------------------------

    def hire(self, command: HireStaff | dict, by: Actor) -> dict[str, Any]:
        """进人: returns the new people's ids and whether the hire went beyond the quota (flagged)."""
        cmd = validate(HireStaff, command)
        self.authorize(by, "record")
        people = [{"id": uuid4().hex, "name": name} for name in cmd.names]
        over = self._decide(
            lambda j: j.hire(
                cmd.institution_id,
                cmd.quota_type,
                cmd.post_type or cmd.quota_type,
                people,
                cmd.hired_on,
                cmd.doc_no,
                cmd.note,
                by=by,
            )
        )
        return {"people": [UUID(p["id"]) for p in people], "over_quota": over}

    def record_departure(self, command: RecordDeparture | dict, by: Actor) -> None:
        """减员: the post becomes a vacancy."""
        cmd = validate(RecordDeparture, command)
        self.authorize(by, "record")
        self._decide(lambda j: j.depart(cmd.person_id, cmd.left_on, cmd.reason, cmd.note, by=by))

    def change_post(self, command: ChangePost | dict, by: Actor) -> None:
        """调岗: a person moves to a post of another quota type (or back to their own)."""
        cmd = validate(ChangePost, command)
        self.authorize(by, "record")
        self._decide(lambda j: j.change_post(cmd.person_id, cmd.post_type, cmd.changed_on, cmd.note, by=by))
