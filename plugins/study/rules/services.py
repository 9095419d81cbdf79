"""积分规则: publishing versions of the scoring rules."""

from __future__ import annotations

from uuid import UUID

from culture_ledger.validation import validate
from domain import clock
from domain.actor import Actor
from domain.errors import InvalidCommand
from plugins.study.domain import RuleSet
from plugins.study.kit import RecordService
from plugins.study.rules.commands import PublishRules


class RuleService(RecordService):
    """积分规则: publishing versions of the scoring rules, each in force from its date."""

    def publish(self, command: PublishRules | dict, by: Actor) -> UUID:
        """Publish a rule version. It may not take effect before today, so it never rewrites history;
        only an import (the paper ledger's past rules) may record an earlier effective date."""
        cmd = validate(PublishRules, command)
        self.authorize(by, "evaluate")
        self.authorize_change(by, "rules")
        if cmd.effective_from < clock.today() and by.channel != "import":
            raise InvalidCommand([("effective_from", "validation.rule_backdated", {})])
        rule = RuleSet(
            name=cmd.name,
            occurred_on=cmd.effective_from,
            daily_target_minutes=cmd.daily_target_minutes,
            credits=cmd.credits(),
            paper_credits=cmd.paper_credits(),
            weights=cmd.weights(),
            note=cmd.note,
            by=by,
        )
        self.save(rule)
        return rule.id
