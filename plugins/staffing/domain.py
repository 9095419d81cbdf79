"""The staffing ledger (机构编制台账): one jurisdiction, its institutions, their quotas and staff.

The whole jurisdiction is ONE aggregate. Every decision that changes a quota (establish,
abolish, merge, reallocate, adjust, the total itself) and every hire is an event on it, so
the event store's unique (originator_id, version) makes two concurrent decisions conflict:
the cap on the total quota (编制总量) and the quota of each institution are checked against
exactly the state the new event follows, and can never be broken by two writers at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from domain.actor import Actor
from domain.clock import Aggregate
from domain.errors import LedgerError
from plugins.staffing.rules import QUOTA_TYPES

JURISDICTION_ID = uuid5(UUID("6f0c7c1e-2b8e-4f52-9c3a-61a1c0e5a7d2"), "jurisdiction")
"""One jurisdiction per store: a fixed id, so two offices registering it at once also conflict."""


class StaffingRefused(LedgerError):
    """A staffing decision or hire that the rules do not allow; nothing was written."""

    key = "staffing.error.refused"


def _blank_quota() -> dict[str, int]:
    return {t: 0 for t in QUOTA_TYPES}


class Jurisdiction(Aggregate):
    """The jurisdiction's total quota and every institution's quota and staff, by quota type."""

    @staticmethod
    def create_id() -> UUID:
        return JURISDICTION_ID

    @event("Registered")
    def __init__(self, name: str, total_quota: int, doc_no: str, decided_on: date, by: Actor) -> None:
        self.name = name
        self.total_quota = total_quota
        self.over_quota_policy = "refuse"
        self.institutions: dict[str, dict[str, Any]] = {}
        self.people: dict[str, dict[str, Any]] = {}
        self.talent_plan: dict[str, Any] = {"title": "", "targets": []}
        self.proposals: dict[str, dict[str, Any]] = {}

    # --- what the state says -------------------------------------------------------------

    def active(self) -> dict[str, dict[str, Any]]:
        return {i: inst for i, inst in self.institutions.items() if inst["status"] == "active"}

    @property
    def allocated(self) -> int:
        """The sum of every active institution's quota (已核定编制)."""
        return sum(sum(inst["quota"].values()) for inst in self.active().values())

    def actual(self, institution: str, quota_type: str | None = None) -> int:
        """People on board in an institution (实有人数), on one quota type or all."""
        return sum(
            1
            for p in self.people.values()
            if p["institution"] == institution and (quota_type is None or p["quota_type"] == quota_type)
        )

    def institution(self, institution_id: UUID | str) -> dict[str, Any]:
        key = institution_id.hex if isinstance(institution_id, UUID) else institution_id
        if key not in self.institutions:
            raise StaffingRefused("no such institution", key="staffing.error.unknown_institution")
        inst = self.institutions[key]
        if inst["status"] != "active":
            raise StaffingRefused(
                f"{inst['name']} is no longer active", key="staffing.error.institution_inactive", name=inst["name"]
            )
        return inst

    def _check_cap(self, requested: int) -> None:
        if requested > 0 and self.allocated + requested > self.total_quota:
            raise StaffingRefused(
                f"the total quota would be exceeded: total {self.total_quota}, allocated {self.allocated}, "
                f"requested {requested}",
                key="staffing.error.total_exceeded",
                total=self.total_quota,
                allocated=self.allocated,
                requested=requested,
            )

    def _check_name(self, name: str, except_id: str | None = None) -> None:
        for i, inst in self.active().items():
            if i != except_id and inst["name"] == name:
                raise StaffingRefused(f"{name} already exists", key="staffing.error.name_taken", name=name)

    def _check_not_below_actual(self, institution: str, quota_type: str, after: int) -> None:
        actual = self.actual(institution, quota_type)
        if after < actual:
            inst = self.institutions[institution]
            raise StaffingRefused(
                f"{inst['name']}: {quota_type} quota {after} would be below the {actual} people on it",
                key="staffing.error.quota_below_actual",
                name=inst["name"],
                quota_type=quota_type,
                quota=inst["quota"][quota_type],
                after=after,
                actual=actual,
            )

    # --- decisions on the total and on institutions (设 / 撤 / 合 / 盘活存量) -----------------

    def adjust_total(
        self, total_quota: int, doc_no: str, decided_on: date, reason: str, ideas: tuple[str, ...], by: Actor
    ) -> None:
        """A new total quota for the jurisdiction: never below what is already allocated."""
        if total_quota < self.allocated:
            raise StaffingRefused(
                "the total cannot go below the allocated quota",
                key="staffing.error.total_below_allocated",
                total=total_quota,
                allocated=self.allocated,
            )
        if total_quota == self.total_quota:
            raise StaffingRefused("nothing changed", key="error.nothing_changed")
        self._total_adjusted(
            total_quota=total_quota,
            previous=self.total_quota,
            doc_no=doc_no,
            decided_on=decided_on,
            reason=reason,
            ideas=ideas,
            by=by,
        )

    @event("TotalQuotaAdjusted")
    def _total_adjusted(
        self,
        total_quota: int,
        previous: int,
        doc_no: str,
        decided_on: date,
        reason: str,
        ideas: tuple[str, ...],
        by: Actor,
    ) -> None:
        self.total_quota = total_quota

    def establish(
        self,
        institution_id: UUID,
        name: str,
        kind: str,
        field: str,
        quota: dict[str, int],
        doc_no: str,
        decided_on: date,
        reason: str,
        ideas: tuple[str, ...],
        by: Actor,
    ) -> None:
        """设: a new institution with its quota, within the total."""
        self._check_name(name)
        quota = {**_blank_quota(), **quota}
        self._check_cap(sum(quota.values()))
        self._established(
            institution_id=institution_id.hex,
            name=name,
            kind=kind,
            field=field,
            quota=quota,
            doc_no=doc_no,
            decided_on=decided_on,
            reason=reason,
            ideas=ideas,
            by=by,
        )

    @event("InstitutionEstablished")
    def _established(
        self,
        institution_id: str,
        name: str,
        kind: str,
        field: str,
        quota: dict[str, int],
        doc_no: str,
        decided_on: date,
        reason: str,
        ideas: tuple[str, ...],
        by: Actor,
    ) -> None:
        self.institutions[institution_id] = {
            "name": name,
            "kind": kind,
            "field": field,
            "quota": dict(quota),
            "status": "active",
            "merged_into": None,
            "established_on": decided_on,
        }

    def abolish(
        self, institution_id: UUID, doc_no: str, decided_on: date, reason: str, ideas: tuple[str, ...], by: Actor
    ) -> None:
        """撤: an institution whose function has gone; its quota returns to the pool. Its people are placed first."""
        inst = self.institution(institution_id)
        on_board = self.actual(institution_id.hex)
        if on_board:
            raise StaffingRefused(
                f"{inst['name']} still has {on_board} people",
                key="staffing.error.abolish_with_staff",
                name=inst["name"],
                actual=on_board,
            )
        self._abolished(
            institution_id=institution_id.hex,
            quota=dict(inst["quota"]),
            doc_no=doc_no,
            decided_on=decided_on,
            reason=reason,
            ideas=ideas,
            by=by,
        )

    @event("InstitutionAbolished")
    def _abolished(
        self,
        institution_id: str,
        quota: dict[str, int],
        doc_no: str,
        decided_on: date,
        reason: str,
        ideas: tuple[str, ...],
        by: Actor,
    ) -> None:
        self.institutions[institution_id]["status"] = "abolished"

    def merge(
        self,
        merged_ids: list[UUID],
        into_id: UUID,
        new: dict[str, str] | None,
        doc_no: str,
        decided_on: date,
        reason: str,
        ideas: tuple[str, ...],
        by: Actor,
    ) -> None:
        """合: institutions whose tasks have weakened join another (existing or new); quota and staff move exactly."""
        keys = [m.hex for m in merged_ids]
        if not keys or len(set(keys)) != len(keys) or into_id.hex in keys:
            raise StaffingRefused(
                "merge needs distinct institutions other than the result", key="staffing.error.merge_targets"
            )
        for m in merged_ids:
            self.institution(m)
        if new is None:
            self.institution(into_id)
        else:
            if into_id.hex in self.institutions:
                raise StaffingRefused("institution exists", key="staffing.error.name_taken", name=new["name"])
            self._check_name(new["name"])
        moved = {k: dict(self.institutions[k]["quota"]) for k in keys}
        people = sorted(p for p, row in self.people.items() if row["institution"] in keys)
        self._merged(
            merged_ids=keys,
            into_id=into_id.hex,
            new=new,
            moved_quota=moved,
            moved_people=people,
            doc_no=doc_no,
            decided_on=decided_on,
            reason=reason,
            ideas=ideas,
            by=by,
        )

    @event("InstitutionsMerged")
    def _merged(
        self,
        merged_ids: list[str],
        into_id: str,
        new: dict[str, str] | None,
        moved_quota: dict[str, dict[str, int]],
        moved_people: list[str],
        doc_no: str,
        decided_on: date,
        reason: str,
        ideas: tuple[str, ...],
        by: Actor,
    ) -> None:
        if new is not None:
            self.institutions[into_id] = {
                "name": new["name"],
                "kind": new["kind"],
                "field": new["field"],
                "quota": _blank_quota(),
                "status": "active",
                "merged_into": None,
                "established_on": decided_on,
            }
        into = self.institutions[into_id]
        for key in merged_ids:
            for quota_type, n in moved_quota[key].items():
                into["quota"][quota_type] = into["quota"].get(quota_type, 0) + n
            self.institutions[key]["status"] = "merged"
            self.institutions[key]["merged_into"] = into_id
        for person in moved_people:
            self.people[person]["institution"] = into_id

    def rename(
        self,
        institution_id: UUID,
        name: str,
        doc_no: str,
        decided_on: date,
        reason: str,
        ideas: tuple[str, ...],
        by: Actor,
    ) -> None:
        """更名: the same institution under a new name."""
        inst = self.institution(institution_id)
        if inst["name"] == name:
            raise StaffingRefused("nothing changed", key="error.nothing_changed")
        self._check_name(name, except_id=institution_id.hex)
        self._renamed(
            institution_id=institution_id.hex,
            name=name,
            previous=inst["name"],
            doc_no=doc_no,
            decided_on=decided_on,
            reason=reason,
            ideas=ideas,
            by=by,
        )

    @event("InstitutionRenamed")
    def _renamed(
        self,
        institution_id: str,
        name: str,
        previous: str,
        doc_no: str,
        decided_on: date,
        reason: str,
        ideas: tuple[str, ...],
        by: Actor,
    ) -> None:
        self.institutions[institution_id]["name"] = name

    def reallocate(
        self,
        from_id: UUID,
        to_id: UUID,
        quota_type: str,
        amount: int,
        doc_no: str,
        decided_on: date,
        reason: str,
        ideas: tuple[str, ...],
        by: Actor,
    ) -> None:
        """盘活存量: move vacant quota from one institution to another in one decision; the total is unchanged."""
        if from_id == to_id:
            raise StaffingRefused("same institution", key="staffing.error.same_institution")
        source = self.institution(from_id)
        self.institution(to_id)
        vacant = source["quota"][quota_type] - self.actual(from_id.hex, quota_type)
        if amount > vacant:
            raise StaffingRefused(
                f"{source['name']} has only {vacant} vacant",
                key="staffing.error.not_enough_vacant",
                name=source["name"],
                quota_type=quota_type,
                vacant=max(vacant, 0),
                amount=amount,
            )
        self._reallocated(
            from_id=from_id.hex,
            to_id=to_id.hex,
            quota_type=quota_type,
            amount=amount,
            doc_no=doc_no,
            decided_on=decided_on,
            reason=reason,
            ideas=ideas,
            by=by,
        )

    @event("QuotaReallocated")
    def _reallocated(
        self,
        from_id: str,
        to_id: str,
        quota_type: str,
        amount: int,
        doc_no: str,
        decided_on: date,
        reason: str,
        ideas: tuple[str, ...],
        by: Actor,
    ) -> None:
        self.institutions[from_id]["quota"][quota_type] -= amount
        self.institutions[to_id]["quota"][quota_type] += amount

    def adjust_quota(
        self,
        institution_id: UUID,
        quota_type: str,
        delta: int,
        doc_no: str,
        decided_on: date,
        reason: str,
        ideas: tuple[str, ...],
        by: Actor,
    ) -> None:
        """核增 / 核减: add quota from the pool (within the total) or take vacant quota back to it."""
        inst = self.institution(institution_id)
        if delta == 0:
            raise StaffingRefused("nothing changed", key="error.nothing_changed")
        self._check_cap(delta)
        self._check_not_below_actual(institution_id.hex, quota_type, inst["quota"][quota_type] + delta)
        self._quota_adjusted(
            institution_id=institution_id.hex,
            quota_type=quota_type,
            delta=delta,
            doc_no=doc_no,
            decided_on=decided_on,
            reason=reason,
            ideas=ideas,
            by=by,
        )

    @event("QuotaAdjusted")
    def _quota_adjusted(
        self,
        institution_id: str,
        quota_type: str,
        delta: int,
        doc_no: str,
        decided_on: date,
        reason: str,
        ideas: tuple[str, ...],
        by: Actor,
    ) -> None:
        self.institutions[institution_id]["quota"][quota_type] += delta

    def classify_posts(
        self, institution_id: UUID, posts: dict[str, int], doc_no: str, decided_on: date, by: Actor
    ) -> None:
        """岗位设置: an institution's quota places by post category (专业技术 / 管理 / 工勤技能), as its
        post plan sets them; the places left over are not classed."""
        inst = self.institution(institution_id)
        if sum(posts.values()) > sum(inst["quota"].values()):
            raise StaffingRefused(
                "more posts than quota",
                key="staffing.error.posts_beyond_quota",
                name=inst["name"],
                posts=sum(posts.values()),
                quota=sum(inst["quota"].values()),
            )
        self._posts_classified(
            institution_id=institution_id.hex, posts=dict(posts), doc_no=doc_no, decided_on=decided_on, by=by
        )

    @event("PostsClassified")
    def _posts_classified(
        self, institution_id: str, posts: dict[str, int], doc_no: str, decided_on: date, by: Actor
    ) -> None:
        self.institutions[institution_id]["posts"] = dict(posts)

    # --- settings ------------------------------------------------------------------------

    def set_over_quota_policy(self, policy: str, reason: str, by: Actor) -> None:
        """超编进人: refuse such hires, or record them with a flag."""
        if policy == self.over_quota_policy:
            raise StaffingRefused("nothing changed", key="error.nothing_changed")
        self._policy_set(policy=policy, reason=reason, by=by)

    @event("OverQuotaPolicySet")
    def _policy_set(self, policy: str, reason: str, by: Actor) -> None:
        self.over_quota_policy = policy

    @event("TalentPlanSet")
    def set_talent_plan(self, title: str, targets: list[dict[str, Any]], reason: str, by: Actor) -> None:
        """人才发展规划: targets of people on board per field and quota type."""
        self.talent_plan = {"title": title, "targets": [dict(t) for t in targets]}

    # --- staff (实有人数) ------------------------------------------------------------------

    def hire(
        self,
        institution_id: UUID,
        quota_type: str,
        post_type: str,
        people: list[dict[str, str]],
        hired_on: date,
        doc_no: str,
        note: str,
        by: Actor,
    ) -> bool:
        """进人: people join an institution on a quota type, in posts of a type. Returns whether it is over quota.

        Beyond the quota (超编进人) the hire is refused, or recorded with a flag, as the office configured.
        """
        inst = self.institution(institution_id)
        if hired_on < inst["established_on"]:
            raise StaffingRefused(
                "hired before the institution existed",
                key="staffing.error.hired_before_established",
                name=inst["name"],
                established_on=inst["established_on"].isoformat(),
            )
        quota = inst["quota"][quota_type]
        actual = self.actual(institution_id.hex, quota_type)
        over = actual + len(people) > quota
        if over and self.over_quota_policy == "refuse":
            raise StaffingRefused(
                f"{inst['name']}: hiring {len(people)} would exceed the {quota_type} quota",
                key="staffing.error.over_quota_hire",
                name=inst["name"],
                quota_type=quota_type,
                quota=quota,
                actual=actual,
                count=len(people),
            )
        self._hired(
            institution_id=institution_id.hex,
            quota_type=quota_type,
            post_type=post_type,
            people=people,
            hired_on=hired_on,
            doc_no=doc_no,
            note=note,
            over_quota=over,
            by=by,
        )
        return over

    @event("StaffHired")
    def _hired(
        self,
        institution_id: str,
        quota_type: str,
        post_type: str,
        people: list[dict[str, str]],
        hired_on: date,
        doc_no: str,
        note: str,
        over_quota: bool,
        by: Actor,
    ) -> None:
        for person in people:
            self.people[person["id"]] = {
                "name": person["name"],
                "institution": institution_id,
                "quota_type": quota_type,
                "post_type": post_type,
                "hired_on": hired_on,
            }

    def person(self, person_id: UUID) -> dict[str, Any]:
        if person_id.hex not in self.people:
            raise StaffingRefused("no such person on board", key="staffing.error.unknown_person")
        return self.people[person_id.hex]

    def depart(self, person_id: UUID, left_on: date, reason: str, note: str, by: Actor) -> None:
        """减员: a person leaves; the post becomes a vacancy (空编)."""
        row = self.person(person_id)
        if left_on < row["hired_on"]:
            raise StaffingRefused(
                "left before being hired",
                key="staffing.error.left_before_hired",
                name=row["name"],
                hired_on=row["hired_on"].isoformat(),
            )
        self._departed(
            person_id=person_id.hex, institution_id=row["institution"], left_on=left_on, reason=reason, note=note, by=by
        )

    @event("StaffDeparted")
    def _departed(self, person_id: str, institution_id: str, left_on: date, reason: str, note: str, by: Actor) -> None:
        del self.people[person_id]

    def change_post(self, person_id: UUID, post_type: str, changed_on: date, note: str, by: Actor) -> None:
        """调岗: a person moves to a post of another type (back to their own type ends 混编混岗)."""
        row = self.person(person_id)
        if row["post_type"] == post_type:
            raise StaffingRefused("nothing changed", key="error.nothing_changed")
        self._post_changed(person_id=person_id.hex, post_type=post_type, changed_on=changed_on, note=note, by=by)

    @event("PostChanged")
    def _post_changed(self, person_id: str, post_type: str, changed_on: date, note: str, by: Actor) -> None:
        self.people[person_id]["post_type"] = post_type

    # --- proposals: a department proposes, a leader approves or returns (申请 → 批准 / 退回) -------
    # Only an approval changes quotas and staff: it appends the decision's own event (as a decision
    # recorded before proposals existed did) and then `DecisionApproved`, both checked against
    # exactly the state they follow, so the cap is checked again at approval time.

    def _pending(self) -> dict[str, dict[str, Any]]:
        if "proposals" not in self.__dict__:  # a jurisdiction registered before proposals existed
            self.proposals = {}
        return self.proposals

    def proposal(self, proposal_id: UUID) -> dict[str, Any]:
        """A proposal still awaiting approval (refused when unknown or already decided)."""
        found = self._pending().get(proposal_id.hex)
        if found is None:
            raise StaffingRefused("no such proposal", key="staffing.error.unknown_proposal")
        if found["status"] != "pending":
            raise StaffingRefused(
                "the proposal was decided already",
                key="staffing.error.proposal_decided",
                status=found["status"],
            )
        return found

    def propose(self, proposal_id: UUID, kind: str, details: dict[str, Any], department_id: str, by: Actor) -> None:
        """申请: a staffing decision a department asks for; nothing changes until a leader approves it."""
        if proposal_id.hex in self._pending():
            raise StaffingRefused("proposal exists", key="staffing.error.proposal_decided", status="pending")
        self._proposed(proposal_id=proposal_id.hex, kind=kind, details=details, department_id=department_id, by=by)

    @event("DecisionProposed")
    def _proposed(self, proposal_id: str, kind: str, details: dict[str, Any], department_id: str, by: Actor) -> None:
        self._pending()[proposal_id] = {
            "kind": kind,
            "details": dict(details),
            "department_id": department_id,
            "proposer": by.account,
            "status": "pending",
        }

    def approve(
        self,
        proposal_id: UUID,
        doc_no: str,
        decided_on: date,
        evidence: Sequence[dict[str, Any]],
        by: Actor,
        effect: Callable[[], dict[str, Any]],
    ) -> dict[str, Any]:
        """批准: the decision takes effect (`effect` applies it, checked as any decision is: the total
        quota, the institution's quota) under the approval's document number and date."""
        found = self.proposal(proposal_id)
        if found["proposer"] == by.account:
            raise StaffingRefused("no one approves their own proposal", key="error.own_record")
        outcome = effect()
        self._approved(
            proposal_id=proposal_id.hex,
            kind=found["kind"],
            doc_no=doc_no,
            decided_on=decided_on,
            evidence=[dict(e) for e in evidence],
            outcome=outcome,
            by=by,
        )
        return outcome

    @event("DecisionApproved")
    def _approved(
        self,
        proposal_id: str,
        kind: str,
        doc_no: str,
        decided_on: date,
        evidence: list[dict[str, Any]],
        outcome: dict[str, Any],
        by: Actor,
    ) -> None:
        self._pending()[proposal_id]["status"] = "approved"

    def return_proposal(self, proposal_id: UUID, reason: str, by: Actor) -> None:
        """退回: the proposal goes back to its department with the reason; nothing else changes."""
        found = self.proposal(proposal_id)
        if found["proposer"] == by.account:
            raise StaffingRefused("no one judges their own proposal", key="error.own_record")
        self._returned(proposal_id=proposal_id.hex, kind=found["kind"], reason=reason, by=by)

    @event("DecisionReturned")
    def _returned(self, proposal_id: str, kind: str, reason: str, by: Actor) -> None:
        self._pending()[proposal_id]["status"] = "returned"
