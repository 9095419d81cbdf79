"""Recording staffing decisions, hires and departures on the jurisdiction, under the total quota."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, Literal, TypeVar
from uuid import UUID, uuid4

from pydantic import BaseModel

from culture_ledger import rights
from culture_ledger.ledger import Service
from culture_ledger.validation import validate
from domain import clock
from domain.actor import Actor
from domain.errors import NotFound, StaleRecord
from event_store.evidence import Upload
from plugins.carrier import files
from plugins.staffing.commands import (
    AbolishInstitution,
    AdjustQuota,
    AdjustTotalQuota,
    ApproveProposal,
    ChangePost,
    ClassifyPosts,
    EstablishInstitution,
    HireStaff,
    MergeInstitutions,
    ReallocateQuota,
    RecordDeparture,
    RegisterJurisdiction,
    RenameInstitution,
    ReturnProposal,
    SetOverQuotaPolicy,
    SetTalentPlan,
)
from plugins.staffing.domain import JURISDICTION_ID, Jurisdiction, StaffingRefused
from plugins.staffing.rules import PROPOSAL_KINDS

T = TypeVar("T")

ATTEMPTS = 8
"""How often a decision is re-checked against a newer state after losing a race to another writer."""

COMMANDS: dict[str, type[BaseModel]] = {
    "establish": EstablishInstitution,
    "abolish": AbolishInstitution,
    "merge": MergeInstitutions,
    "rename": RenameInstitution,
    "reallocate": ReallocateQuota,
    "adjust_quota": AdjustQuota,
    "hire": HireStaff,
}
"""The command each kind of proposal is checked by (at proposal, and again at approval)."""
assert tuple(COMMANDS) == PROPOSAL_KINDS

ProposalKind = Literal[PROPOSAL_KINDS]  # type: ignore[valid-type]

APPROVAL_FIELDS = {"doc_no", "decided_on", "hired_on"}
"""What the approval gives a proposal: the document's number and date (a hire's 入编 day is the approval's)."""

PENDING_DOC_NO = "待批复"
"""Stands in for the document number while a proposal is checked (it gets its own at approval)."""


def _plain(value: Any) -> Any:
    """A command's fields as a proposal event holds them: ids as hex (as the jurisdiction names
    institutions), days as ISO dates, lists and mappings of those."""
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _command(kind: str, details: dict[str, Any], doc_no: str, decided_on: date) -> Any:
    """The kind's command: the proposal's details with the approval's number and date."""
    day = {"hired_on": decided_on} if kind == "hire" else {"decided_on": decided_on}
    return validate(COMMANDS[kind], {**details, "doc_no": doc_no, **day})


def _effect(j: Jurisdiction, kind: str, cmd: Any, by: Actor) -> dict[str, Any]:
    """Apply a decision to the jurisdiction (checked by the domain: the total, the quotas, who is on
    board); returns what it made (the new institution, the new people) for the approval to name."""
    if kind == "establish":
        institution_id = uuid4()
        j.establish(institution_id, cmd.name, cmd.kind, cmd.field, cmd.quota(), by=by, **cmd.decision())
        return {"institution_id": institution_id.hex}
    if kind == "abolish":
        j.abolish(cmd.institution_id, by=by, **cmd.decision())
        return {"institution_id": cmd.institution_id.hex}
    if kind == "merge":
        into_id = cmd.into_id or uuid4()
        new = None if cmd.into_id else {"name": cmd.new_name, "kind": cmd.new_kind, "field": cmd.new_field}
        j.merge(list(cmd.merged_ids), into_id, new, by=by, **cmd.decision())
        return {"institution_id": into_id.hex}
    if kind == "rename":
        j.rename(cmd.institution_id, cmd.name, by=by, **cmd.decision())
        return {"institution_id": cmd.institution_id.hex}
    if kind == "reallocate":
        j.reallocate(cmd.from_id, cmd.to_id, cmd.quota_type, cmd.amount, by=by, **cmd.decision())
        return {"institution_id": cmd.to_id.hex}
    if kind == "adjust_quota":
        j.adjust_quota(cmd.institution_id, cmd.quota_type, cmd.delta, by=by, **cmd.decision())
        return {"institution_id": cmd.institution_id.hex}
    people = [{"id": uuid4().hex, "name": name} for name in cmd.names]
    over = j.hire(
        cmd.institution_id,
        cmd.quota_type,
        cmd.post_type or cmd.quota_type,
        people,
        cmd.hired_on,
        cmd.doc_no,
        cmd.note,
        by=by,
    )
    return {"institution_id": cmd.institution_id.hex, "people": [p["id"] for p in people], "over_quota": over}


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

    # --- proposals: a department proposes, a leader approves or returns --------------------------

    def propose(
        self, kind: ProposalKind, command: dict[str, Any], by: Actor, department_id: UUID | None = None
    ) -> UUID:
        """申请: a staffing decision (设 / 撤 / 合 / 更名 / 盘活 / 核增核减 / 入编) proposed by staff of the
        responsible department (their own, unless named). Checked now against the jurisdiction as it
        stands (the total, the quotas): a proposal that could not be approved today is refused. Nothing
        changes until a leader approves it."""
        cmd = _command(
            kind, {k: v for k, v in command.items() if k not in APPROVAL_FIELDS}, PENDING_DOC_NO, clock.today()
        )
        department = department_id or self.own(by).department_id
        self.authorize_change(by, "staffing_proposal", department_id=department)
        details = _plain(cmd.model_dump(exclude=APPROVAL_FIELDS))
        proposal_id = uuid4()

        def decide(j: Jurisdiction) -> None:
            _effect(copy.deepcopy(j), kind, cmd, by)  # a trial on a copy: refused as the approval would be
            j.propose(proposal_id, kind, details, department.hex if department else "", by)

        self._decide(decide)
        return proposal_id

    def may_judge_proposals(self, role: str) -> bool:
        """Whether a role approves or returns staffing proposals (the pages ask before offering it)."""
        return rights.may_judge("staffing_proposal", role)

    def proposer(self, proposal_id: UUID) -> str:
        """Who proposed a pending proposal (their account)."""
        return self.jurisdiction().proposal(proposal_id)["proposer"]

    def approve(self, command: ApproveProposal | dict, by: Actor, *, uploads: Sequence[Upload] = ()) -> dict[str, Any]:
        """批准: a leader (never the proposer) approves with the document number and date, the 批复文件
        optionally uploaded with it (kept by its SHA-256 as activities' evidence is, inside `verify`).
        The decision is checked again against the jurisdiction as it stands now: one that no longer
        fits (another approval used the room meanwhile) is refused and nothing is written."""
        cmd = validate(ApproveProposal, command)
        self.refuse_own(by, "staffing_proposal", recorder=self.proposer(cmd.proposal_id))
        with files.keeping(self.ledger, uploads) as evidence:  # checked first, written with the approval

            def decide(j: Jurisdiction) -> dict[str, Any]:
                found = j.proposal(cmd.proposal_id)
                decision = _command(found["kind"], found["details"], cmd.doc_no, cmd.decided_on)
                return j.approve(
                    cmd.proposal_id,
                    cmd.doc_no,
                    cmd.decided_on,
                    evidence,
                    by,
                    effect=lambda: _effect(j, found["kind"], decision, by),
                )

            return self._decide(decide)

    def return_proposal(self, command: ReturnProposal | dict, by: Actor) -> None:
        """退回: back to the department with the reason; nothing else changes."""
        cmd = validate(ReturnProposal, command)
        self.refuse_own(by, "staffing_proposal", recorder=self.proposer(cmd.proposal_id))
        self._decide(lambda j: j.return_proposal(cmd.proposal_id, cmd.reason, by))

    # --- decisions in force, recorded as approved (the paper ledger brought in, the demo's past) ---

    def _in_force(self, kind: str, command: Any, by: Actor) -> dict[str, Any]:
        cmd = validate(COMMANDS[kind], command)
        self.authorize_change(by, "staffing_decision")
        return self._decide(lambda j: _effect(j, kind, cmd, by))

    def establish(self, command: EstablishInstitution | dict, by: Actor) -> UUID:
        """设 as approved (its document named): a new institution with its quota, within the total quota."""
        return UUID(self._in_force("establish", command, by)["institution_id"])

    def abolish(self, command: AbolishInstitution | dict, by: Actor) -> None:
        """撤 as approved: its quota returns to the pool; refused while people are still on it."""
        self._in_force("abolish", command, by)

    def merge(self, command: MergeInstitutions | dict, by: Actor) -> UUID:
        """合 as approved: the merged institutions' quota and staff move to the result; returns the result's id."""
        return UUID(self._in_force("merge", command, by)["institution_id"])

    def rename(self, command: RenameInstitution | dict, by: Actor) -> None:
        """更名 as approved."""
        self._in_force("rename", command, by)

    def reallocate(self, command: ReallocateQuota | dict, by: Actor) -> None:
        """盘活存量 as approved: move vacant quota between institutions in one decision."""
        self._in_force("reallocate", command, by)

    def adjust_quota(self, command: AdjustQuota | dict, by: Actor) -> None:
        """核增 within the total, or 核减 of vacant quota, as approved."""
        self._in_force("adjust_quota", command, by)

    def hire(self, command: HireStaff | dict, by: Actor) -> dict[str, Any]:
        """入编 as approved (a real-name list brought in): the new people's ids and whether the hire
        went beyond the quota (flagged)."""
        outcome = self._in_force("hire", command, by)
        return {"people": [UUID(p) for p in outcome["people"]], "over_quota": outcome["over_quota"]}

    def classify_posts(self, command: ClassifyPosts | dict, by: Actor) -> None:
        """岗位设置 as approved: an institution's quota places by post category."""
        cmd = validate(ClassifyPosts, command)
        self.authorize_change(by, "staffing_decision")
        self._decide(lambda j: j.classify_posts(cmd.institution_id, cmd.posts(), cmd.doc_no, cmd.decided_on, by=by))

    # --- staff --------------------------------------------------------------------------------

    def record_departure(self, command: RecordDeparture | dict, by: Actor) -> None:
        """减员: the post becomes a vacancy."""
        cmd = validate(RecordDeparture, command)
        self.authorize_change(by, "staffing")
        self._decide(lambda j: j.depart(cmd.person_id, cmd.left_on, cmd.reason, cmd.note, by=by))

    def change_post(self, command: ChangePost | dict, by: Actor) -> None:
        """调岗: a person moves to a post of another quota type (or back to their own)."""
        cmd = validate(ChangePost, command)
        self.authorize_change(by, "staffing")
        self._decide(lambda j: j.change_post(cmd.person_id, cmd.post_type, cmd.changed_on, cmd.note, by=by))
