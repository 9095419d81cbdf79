"""政治坚定: the 三争做 pledge each cadre makes for the year, and the leader's rating of it.

Education sessions and 三争做 sessions are carrier activities (domain.activity.Activity,
kinds declared in plugins/political/commands.py); what only this carrier keeps is here."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.actor import Actor
from domain.errors import LedgerError
from domain.records import Record, standing_id

THEMES = ("ideals", "revolutionary_tradition", "professional_ethics", "social_morality", "family_virtue")
"""Ideological education themes: 理想信念、革命传统、职业道德、社会公德、家庭美德."""

STRANDS = ("three_best", "political_quality", "clear_headed")
"""The three strands of 三争做: 党性最强·品行最好·素质最高; 政治立场·纪律·鉴别力; 旗帜鲜明·头脑清醒."""

AIMS = ("party_spirit", "conduct", "quality")
"""What a cadre pledges to strive for: 党性最强、品行最好、素质最高."""

STANCE = ("political_stand", "political_discipline", "political_discernment")
"""政治立场、政治纪律、政治鉴别力: rated together with the three aims."""

CLEAR = ("firm_stand", "clear_mind")
"""The third strand, pledged and rated like the first: 重大问题旗帜鲜明, 关键时刻头脑清醒. Pledges and
ratings recorded before it was added hold no such key (their commitments and scores are dicts)."""

PLEDGED = AIMS + CLEAR
"""What a cadre writes a commitment under."""

RATED = AIMS + STANCE + CLEAR
SCORES = (1, 2, 3, 4, 5)
"""5 优秀 · 4 良好 · 3 合格 · 2 基本合格 · 1 不合格 (the stored scores; the catalog words them)."""

PLEDGE_NAMESPACE = UUID("75279b05-876b-4e00-ab5a-5fbe3a4f2e10")


class Pledge(Record):
    """A cadre's 三争做 pledge for one year: a commitment under each of the three aims and under the
    third strand's two (旗帜鲜明, 头脑清醒).

    One pledge stands per cadre and year; a withdrawn one may be followed by a new one. Its id is
    derived from (cadre, year) and how many such pledges were withdrawn before it, so the log
    itself refuses a second standing pledge, even from two forms at once. Pledges recorded
    before ids were derived keep their random ids.
    """

    @staticmethod
    def create_id(cadre_id: UUID, year: int, withdrawn_before: int = 0) -> UUID:
        return standing_id(PLEDGE_NAMESPACE, f"{cadre_id.hex}:{year}", withdrawn_before)

    @event("Recorded")
    def __init__(self, cadre_id: UUID, year: int, occurred_on: date, commitments: dict[str, str], by: Actor) -> None:
        self._start(occurred_on, by)
        self.cadre_id = cadre_id
        self.year = year
        self.commitments = commitments
        self.rating: dict[str, Any] | None = None

    def rate(self, scores: dict[str, int], comment: str, rated_on: date, by: Actor) -> None:
        """A leader rates the three aims, the political stand, discipline and discernment, and the third strand."""
        if self.withdrawn:
            raise LedgerError("a withdrawn pledge cannot be rated", key="error.record_withdrawn")
        self._rated(scores=scores, comment=comment, rated_on=rated_on, by=by)

    @event("Rated")
    def _rated(self, scores: dict[str, int], comment: str, rated_on: date, by: Actor) -> None:
        self.rating = {"scores": scores, "comment": comment, "rated_on": rated_on, "by": by.account}
