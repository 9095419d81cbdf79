"""The political carrier's own records: 三争做 pledges and their ratings."""

from __future__ import annotations

from uuid import UUID

from culture_ledger.ledger import Service
from culture_ledger.validation import validate
from domain.actor import Actor
from domain.errors import InvalidCommand
from plugins.people.services import PeopleService
from plugins.political.commands import AmendPledge, RatePledge, RecordPledge, WithdrawPledge
from plugins.political.domain import PLEDGED, RATED, Pledge


class PoliticalService(Service):
    """三争做: each cadre's yearly pledge, corrected by staff and rated by a leader."""

    def record_pledge(self, command: RecordPledge | dict, by: Actor) -> UUID:
        """Record a cadre's pledge for the year (one standing pledge per cadre and year)."""
        cmd = validate(RecordPledge, command)
        self.authorize(by, "record", cadre_id=cmd.cadre_id)
        self.ledger.service(PeopleService).active_cadre(cmd.cadre_id)
        exists = InvalidCommand([("cadre_id", "validation.pledge_exists", {"year": cmd.year})])
        # The read model answers at once (and knows the pledges recorded before ids were derived)...
        if self.ledger.scalar(
            "SELECT COUNT(*) FROM political_pledges WHERE cadre_id=? AND year=? AND withdrawn=0",
            (cmd.cadre_id.hex, cmd.year),
        ):
            raise exists
        # ...but may lag; the store decides, by the id derived from the cadre and year.
        commitments = {aim: getattr(cmd, aim) for aim in PLEDGED}
        pledge = self.save_standing(
            Pledge,
            lambda n: Pledge.create_id(cmd.cadre_id, cmd.year, n),
            lambda pledge_id: Pledge.with_id(
                pledge_id,
                cadre_id=cmd.cadre_id,
                year=cmd.year,
                occurred_on=cmd.occurred_on,
                commitments=commitments,
                by=by,
            ),
            exists,
        )
        return pledge.id

    def amend_pledge(
        self, pledge_id: UUID, command: AmendPledge | dict, by: Actor, *, version: int | None = None
    ) -> None:
        """Correct the commitments; the old wording stays in the log."""
        cmd = validate(AmendPledge, command)
        pledge = self.get(pledge_id, Pledge, version=version)
        self.authorize_change(by, "pledge", cadre_id=pledge.cadre_id)
        changed = {aim: value for aim in PLEDGED if (value := getattr(cmd, aim)) is not None}
        pledge.amend({"commitments": {**pledge.commitments, **changed}}, cmd.reason, by)
        self.save(pledge)

    def withdraw_pledge(
        self, pledge_id: UUID, command: WithdrawPledge | dict, by: Actor, *, version: int | None = None
    ) -> None:
        cmd = validate(WithdrawPledge, command)
        pledge = self.get(pledge_id, Pledge, version=version)
        self.authorize_change(by, "pledge", cadre_id=pledge.cadre_id)
        pledge.withdraw(cmd.reason, by)
        self.save(pledge)

    def rate_pledge(
        self, pledge_id: UUID, command: RatePledge | dict, by: Actor, *, version: int | None = None
    ) -> None:
        """A leader rates the pledge's three aims and the cadre's political stand, discipline, discernment."""
        cmd = validate(RatePledge, command)
        self.authorize(by, "evaluate")
        pledge = self.get(pledge_id, Pledge, version=version)
        self.refuse_own(by, "pledge", cadre_id=pledge.cadre_id)  # no one rates his own pledge
        pledge.rate({d: getattr(cmd, d) for d in RATED}, cmd.comment, cmd.rated_on, by)
        self.save(pledge)
