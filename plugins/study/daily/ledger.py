"""The printable ledger (台账) of 日学一时 over a period: every study entry that stands (withdrawn
ones left out), oldest first, each cadre and department by name."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from culture_ledger import paper
from domain import clock
from plugins.people.services import department_name

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger

COLUMNS = (
    ("number", 4),
    ("occurred_on", 9),
    ("name", 6),
    ("department", 10),
    ("material", 26),
    ("mode", 6),
    ("place", 10),
    ("minutes", 6),
)
"""The ledger's columns and their relative widths on the page."""


def study_ledger(
    ledger: Ledger, start: date, end: date, department_id: str | None = None, lang: str = "zh"
) -> paper.LedgerSheet:
    """The study entries between start and end (of one department's cadres, when given)."""

    def t(key: str, **params) -> str:
        return ledger.catalog.t(lang, key, **params)

    where, params = ("AND c.department_id = ?", (department_id,)) if department_id else ("", ())
    rows = ledger.query(
        "SELECT s.occurred_on, c.name, d.name AS department, s.material, s.mode, s.place, s.minutes "
        "FROM study_entries s JOIN cadres c ON c.id = s.cadre_id LEFT JOIN departments d ON d.id = c.department_id "
        f"WHERE s.withdrawn = 0 AND s.occurred_on BETWEEN ? AND ? {where} "
        "ORDER BY s.occurred_on, d.name, c.name, s.recorded_at",
        (start.isoformat(), end.isoformat(), *params),
    )
    period = paper.period_words(start, end, department_name(ledger, department_id))
    return paper.LedgerSheet(
        title=t("study.daily.ledger.title"),
        period=period,
        office=paper.office_name(t),
        made=clock.today(),
        headers=tuple(t(f"study.daily.ledger.col.{c}") for c, _ in COLUMNS),
        widths=tuple(w for _, w in COLUMNS),
        rows=tuple(
            (
                n,
                r["occurred_on"],
                r["name"],
                r["department"] or "",
                r["material"] or "",
                t(f"study.daily.mode.{r['mode']}") if r["mode"] else "",
                r["place"] or "",
                int(r["minutes"]),
            )
            for n, r in enumerate(rows, start=1)
        ),
        none=t("paper.none"),
    )
