"""The scoring rules' read model: every published version, in order of publication."""

from __future__ import annotations

import json

from event_store.projection import Db, Projection, handles
from plugins.study.domain import RuleSet


class RulesProjection(Projection):
    """Every published version of the scoring rules, in order of publication."""

    name = "study_rules"
    title = "page.study_rules"
    tables = {
        "study_rules": "id TEXT PRIMARY KEY, name TEXT NOT NULL, effective_from TEXT NOT NULL, "
        "daily_target_minutes INTEGER NOT NULL, credits TEXT NOT NULL, paper_credits TEXT NOT NULL, "
        "weights TEXT NOT NULL, note TEXT, published_at TEXT, published_by TEXT, position INTEGER",
    }

    @handles(RuleSet.Published)
    def published(self, db: Db, e: RuleSet.Published, position: int) -> None:
        db.execute(
            "INSERT INTO study_rules VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                e.originator_id.hex,
                e.name,
                e.occurred_on.isoformat(),
                e.daily_target_minutes,
                json.dumps(e.credits),
                json.dumps(e.paper_credits),
                json.dumps(e.weights),
                e.note,
                e.timestamp.isoformat(),
                e.by.account,
                position,
            ),
        )
