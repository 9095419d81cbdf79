"""Declaring campaigns, linking records to them, reporting their goals."""

from __future__ import annotations

from uuid import UUID

from culture_ledger.ledger import Service
from culture_ledger.validation import validate
from domain import clock
from domain.actor import Actor
from domain.errors import InvalidCommand
from plugins.campaigns.commands import DeclareCampaign, LinkRecord, ReportGoal, UnlinkRecord, WithdrawCampaign
from plugins.campaigns.domain import Campaign
from plugins.campaigns.projections import linkable


class CampaignService(Service):
    """自身建设年活动 and the like: a leader declares a campaign and reports its goals; whoever records a
    record links it (staff: their own department's records)."""

    def declare(self, command: DeclareCampaign | dict, by: Actor) -> UUID:
        """Declare a campaign for a year: its goals, the carriers and ideas it serves, its five types (if any)."""
        cmd = validate(DeclareCampaign, command)
        self.authorize(by, "record")
        self.authorize_change(by, "campaign")
        known = {p.id for p in self.ledger.registry.carriers}
        if any(c not in known for c in cmd.carriers):
            raise InvalidCommand([("carriers", "validation.unknown_carrier", {})])
        found = Campaign(
            name=cmd.name,
            year=cmd.year,
            goals=list(cmd.goals),
            carriers=list(dict.fromkeys(cmd.carriers)),
            ideas=list(dict.fromkeys(cmd.ideas)),
            organ_types=list(dict.fromkeys(cmd.organ_types)),
            occurred_on=cmd.occurred_on,
            by=by,
        )
        self.save(found)
        return found.id

    def link(self, campaign_id: UUID, command: LinkRecord | dict, by: Actor, *, version: int | None = None) -> None:
        """Link a standing record to the campaign (a record of their own department, for staff)."""
        cmd = validate(LinkRecord, command)
        self.authorize(by, "record")
        found = linkable(self.ledger, cmd.kind, record_id=cmd.record_id.hex)
        if not found:
            raise InvalidCommand([("record_id", "campaigns.validation.unknown_record", {})])
        record = found[0]
        department_id = UUID(record["department_id"])
        self.authorize_change(by, "campaign_link", department_id=department_id)
        campaign = self.get(campaign_id, Campaign, version=version)
        on = cmd.on or clock.today()
        campaign.link(cmd.record_id, cmd.kind, record["carrier"], department_id, cmd.organ_type, cmd.note, on, by)
        self.save(campaign)

    def unlink(self, campaign_id: UUID, command: UnlinkRecord | dict, by: Actor, *, version: int | None = None) -> None:
        """Take a record off the campaign, with a reason."""
        cmd = validate(UnlinkRecord, command)
        self.authorize(by, "record")
        campaign = self.get(campaign_id, Campaign, version=version)
        link = campaign.links.get(cmd.record_id.hex)
        self.authorize_change(by, "campaign_link", department_id=link["department_id"] if link else None)
        campaign.unlink(cmd.record_id, cmd.reason, by)
        self.save(campaign)

    def report_goal(
        self, campaign_id: UUID, command: ReportGoal | dict, by: Actor, *, version: int | None = None
    ) -> None:
        """Say where one of the campaign's goals stands."""
        cmd = validate(ReportGoal, command)
        self.authorize(by, "record")
        self.authorize_change(by, "campaign")
        campaign = self.get(campaign_id, Campaign, version=version)
        campaign.report_goal(cmd.goal, cmd.status, cmd.note, cmd.on, by)
        self.save(campaign)

    def withdraw(
        self, campaign_id: UUID, command: WithdrawCampaign | dict, by: Actor, *, version: int | None = None
    ) -> None:
        """Withdraw a campaign declared by mistake; its links stay in the log."""
        cmd = validate(WithdrawCampaign, command)
        self.authorize_change(by, "campaign")
        campaign = self.get(campaign_id, Campaign, version=version)
        campaign.withdraw(cmd.reason, by)
        self.save(campaign)
