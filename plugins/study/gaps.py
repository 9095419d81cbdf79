"""What the daily-study rule shows missing, for the leaders' overview."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from plugins.study.projections import Period, cadre_compliance

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from culture_ledger.registry import Scope


def not_meeting_daily_rule(ledger: "Ledger", scope: "Scope") -> list[dict[str, Any]]:
    """Cadres who have not studied 60 minutes on every working day of the scope so far."""
    table = cadre_compliance(ledger, Period("custom", scope.start, scope.end))
    if scope.department_id:
        table = table[table["department_id"] == scope.department_id]
    short = table[~table["meets"]].rename(columns={"cadre_id": "id"})
    return short[["id", "name", "department", "minutes", "shortfall", "days_met", "rule_days"]].to_dict("records")
