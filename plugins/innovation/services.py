"""Innovation proposals along their course."""

from __future__ import annotations

from uuid import UUID

from culture_ledger.ledger import Service
from culture_ledger.validation import validate
from domain.actor import Actor
from plugins.innovation.commands import (
    AdoptProposal,
    AmendProposal,
    EvaluateProposal,
    ImplementProposal,
    PilotProposal,
    RejectProposal,
    SubmitProposal,
    WithdrawProposal,
)
from plugins.innovation.domain import Proposal
from plugins.people.services import PeopleService


class InnovationService(Service):
    """务实创新: cadres submit, pilot and implement proposals; leaders evaluate, adopt or reject them."""

    def submit_proposal(self, command: SubmitProposal | dict, by: Actor) -> UUID:
        cmd = validate(SubmitProposal, command)
        self.authorize(by, "record", cadre_id=cmd.proposer_id)
        cadre = self.ledger.service(PeopleService).active_cadre(cmd.proposer_id)
        proposal = Proposal(
            title=cmd.title,
            proposer_id=cmd.proposer_id,
            department_id=cadre.department_id,
            problem=cmd.problem,
            idea=cmd.idea,
            expected_effect=cmd.expected_effect,
            ideas=list(dict.fromkeys(cmd.ideas)),
            occurred_on=cmd.occurred_on,
            by=by,
        )
        self.save(proposal)
        return proposal.id

    def evaluate(
        self, proposal_id: UUID, command: EvaluateProposal | dict, by: Actor, *, version: int | None = None
    ) -> None:
        """A leader scores the proposal (1–5) with an opinion."""
        cmd = validate(EvaluateProposal, command)
        self.authorize(by, "evaluate")
        proposal = self.get(proposal_id, Proposal, version=version)
        self.refuse_own(by, "proposal", cadre_id=proposal.proposer_id)  # no one judges his own
        proposal.evaluate(cmd.score, cmd.opinion, cmd.on, by)
        self.save(proposal)

    def adopt(self, proposal_id: UUID, command: AdoptProposal | dict, by: Actor, *, version: int | None = None) -> None:
        cmd = validate(AdoptProposal, command)
        self.authorize(by, "evaluate")
        proposal = self.get(proposal_id, Proposal, version=version)
        self.refuse_own(by, "proposal", cadre_id=proposal.proposer_id)  # no one judges his own
        proposal.adopt(cmd.opinion, cmd.on, by)
        self.save(proposal)

    def reject(
        self, proposal_id: UUID, command: RejectProposal | dict, by: Actor, *, version: int | None = None
    ) -> None:
        cmd = validate(RejectProposal, command)
        self.authorize(by, "evaluate")
        proposal = self.get(proposal_id, Proposal, version=version)
        self.refuse_own(by, "proposal", cadre_id=proposal.proposer_id)  # no one judges his own
        proposal.reject(cmd.reason, cmd.on, by)
        self.save(proposal)

    def pilot(self, proposal_id: UUID, command: PilotProposal | dict, by: Actor, *, version: int | None = None) -> None:
        cmd = validate(PilotProposal, command)
        proposal = self.get(proposal_id, Proposal, version=version)
        self.authorize(by, "record", department_id=proposal.department_id)
        proposal.pilot(cmd.pilot_scope, cmd.on, by)
        self.save(proposal)

    def implement(
        self, proposal_id: UUID, command: ImplementProposal | dict, by: Actor, *, version: int | None = None
    ) -> None:
        """Rolled out, with the observed effect beside the expected one."""
        cmd = validate(ImplementProposal, command)
        proposal = self.get(proposal_id, Proposal, version=version)
        self.authorize(by, "record", department_id=proposal.department_id)
        proposal.implement(cmd.observed_effect, cmd.on, by)
        self.save(proposal)

    def amend(self, proposal_id: UUID, command: AmendProposal | dict, by: Actor, *, version: int | None = None) -> None:
        cmd = validate(AmendProposal, command)
        proposal = self.get(proposal_id, Proposal, version=version)
        self.authorize(by, "record", cadre_id=proposal.proposer_id)
        proposal.amend(cmd.model_dump(exclude_none=True, exclude={"reason"}), cmd.reason, by)
        self.save(proposal)

    def withdraw(
        self, proposal_id: UUID, command: WithdrawProposal | dict, by: Actor, *, version: int | None = None
    ) -> None:
        cmd = validate(WithdrawProposal, command)
        proposal = self.get(proposal_id, Proposal, version=version)
        self.authorize(by, "record", cadre_id=proposal.proposer_id)
        proposal.withdraw(cmd.reason, by)
        self.save(proposal)
