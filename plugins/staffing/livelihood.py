"""The livelihood tilt and staff growth (民生领域, 人员膨胀): figures read from the staffing ledger.

- 民生领域 (education, health, social security) has its own share of the allocated quota and its
  trend, beside the share of the key and livelihood fields together;
- an education institution may be classed 中小学 or 教研 (its sub-field, a record of its own), and
  the quota of each sub-field is a series over time;
- 人员膨胀: the people on board per field over time, each institution's growth over the last twelve
  months, an indicator and an alert for institutions growing fast.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID, uuid5

from eventsourcing.domain import event
from pydantic import BaseModel, ConfigDict

from culture_ledger.ledger import Service
from culture_ledger.memo import shared
from culture_ledger.validation import validate
from domain import clock
from domain.actor import Actor
from domain.clock import Aggregate
from event_store.projection import Db, Projection, handles
from plugins.staffing.domain import StaffingRefused
from plugins.staffing.rules import (
    GROWTH_ALERT_MIN_PEOPLE,
    GROWTH_ALERT_RATE,
    GROWTH_WINDOW_DAYS,
    LIVELIHOOD_FIELDS,
    SUBFIELDS,
)

if TYPE_CHECKING:
    import pandas as pd

    from culture_ledger.ledger import Ledger

SUBFIELD_NAMESPACE = UUID("3f6b2a10-5c4d-4e8f-9a1b-7c2d3e4f5a6b")


# --- the record: an institution's sub-field ---------------------------------------------------


class InstitutionSubfield(Aggregate):
    """Which sub-field of its field an institution works in (中小学, 教研), as the office classed it.

    One record per institution, its id derived from the institution's, so two clerks classing
    the same institution at once meet on its version."""

    @staticmethod
    def create_id(institution_id: UUID, **_: Any) -> UUID:
        return uuid5(SUBFIELD_NAMESPACE, institution_id.hex)

    @event("Classed")
    def __init__(self, institution_id: UUID, subfield: str, by: Actor) -> None:
        self.institution_id = institution_id
        self.subfield = subfield

    @event("Reclassed")
    def reclass(self, subfield: str, by: Actor) -> None:
        """A new sub-field, or none ("")."""
        self.subfield = subfield


Subfield = Literal[tuple(s for subs in SUBFIELDS.values() for s in subs) + ("",)]  # type: ignore[valid-type]


class ClassInstitution(BaseModel):
    """Class an institution into a sub-field of its field (or clear it with "")."""

    model_config = ConfigDict(str_strip_whitespace=True)

    institution_id: UUID
    subfield: Subfield


class SubfieldService(Service):
    """中小学 / 教研: the sub-field an education institution is counted in."""

    def class_institution(self, command: ClassInstitution | dict, by: Actor) -> None:
        cmd = validate(ClassInstitution, command)
        self.authorize(by, "record")
        self.authorize_change(by, "staffing")
        institution = self.ledger.staffing.jurisdiction().institution(cmd.institution_id)
        if cmd.subfield and cmd.subfield not in SUBFIELDS.get(institution["field"], ()):
            raise StaffingRefused(
                f"{cmd.subfield} is no sub-field of {institution['field']}", key="staffing.error.subfield_not_of_field"
            )
        record_id = InstitutionSubfield.create_id(cmd.institution_id)
        if self.exists(record_id, InstitutionSubfield):
            record = self.get(record_id, InstitutionSubfield)
            if record.subfield == cmd.subfield:
                return
            record.reclass(cmd.subfield, by=by)
        else:
            record = InstitutionSubfield(institution_id=cmd.institution_id, subfield=cmd.subfield, by=by)
        self.save(record)


class SubfieldProjection(Projection):
    """Each classed institution's sub-field."""

    name = "staffing_subfields"
    title = "staffing.readmodel.subfields"
    tables = {
        "staffing_subfields": "id TEXT PRIMARY KEY, institution_id TEXT NOT NULL, subfield TEXT NOT NULL, "
        "position INTEGER NOT NULL",
    }

    @handles(InstitutionSubfield.Classed)
    def classed(self, db: Db, e: Any, position: int) -> None:
        db.execute(
            "INSERT INTO staffing_subfields VALUES (?,?,?,?)",
            (e.originator_id.hex, e.institution_id.hex, e.subfield, position),
        )

    @handles(InstitutionSubfield.Reclassed)
    def reclassed(self, db: Db, e: Any, position: int) -> None:
        db.execute(
            "UPDATE staffing_subfields SET subfield = ?, position = ? WHERE id = ?",
            (e.subfield, position, e.originator_id.hex),
        )


def subfields(ledger: Ledger) -> dict[str, str]:
    """Institution id (hex) -> its sub-field, for the classed ones."""
    return {
        r["institution_id"]: r["subfield"] for r in ledger.query("SELECT * FROM staffing_subfields") if r["subfield"]
    }


# --- 民生领域: its share and trend --------------------------------------------------------


def livelihood_share(ledger: Ledger, scope: Any) -> float | None:
    """民生领域编制占比: quota in education, health and social security over the allocated quota."""
    from plugins.staffing.projections import _applies, _as_of, standing_rows

    if not _applies(ledger, scope):
        return None
    rows = standing_rows(ledger, _as_of(scope))
    allocated = sum(r["quota"] for r in rows)
    return sum(r["quota"] for r in rows if r["field"] in LIVELIHOOD_FIELDS) / allocated if allocated else None


def livelihood_records(ledger: Ledger, scope: Any) -> list[dict[str, Any]]:
    from plugins.staffing.projections import _applies, _as_of, _rows, standing_rows

    if not _applies(ledger, scope):
        return []
    return _rows([r for r in standing_rows(ledger, _as_of(scope)) if r["field"] in LIVELIHOOD_FIELDS])


def subfield_quota_over_time(ledger: Ledger, since: date | None = None) -> pd.DataFrame:
    """The allocated quota of each sub-field (中小学, 教研) after each day a decision changed it."""
    import pandas as pd

    from plugins.staffing.projections import step_series

    classed = subfields(ledger)
    changes = pd.DataFrame(
        ledger.query(
            "SELECT decided_on, institution_id, SUM(delta) AS delta FROM staffing_quota_changes "
            "GROUP BY decided_on, institution_id ORDER BY decided_on"
        ),
        columns=["decided_on", "institution_id", "delta"],
    )
    changes["subfield"] = changes["institution_id"].map(classed)
    changes = changes.dropna(subset=["subfield"])
    return step_series(changes, "subfield", "delta", "quota", since)


# --- 人员膨胀: people on board over time and their growth -------------------------------------


def headcount_by_field_over_time(ledger: Ledger, since: date | None = None) -> pd.DataFrame:
    """People on board per field after each day on which someone came or left (a step series)."""
    import pandas as pd

    from plugins.staffing.projections import step_series

    changes = pd.DataFrame(
        ledger.query(
            "SELECT c.occurred_on, i.field, SUM(c.delta) AS delta FROM staffing_staff_changes c "
            "JOIN staffing_institutions i ON i.id = c.institution_id GROUP BY c.occurred_on, i.field "
            "ORDER BY c.occurred_on"
        ),
        columns=["occurred_on", "field", "delta"],
    )
    return step_series(changes, "field", "delta", "people", since)


def _on_board(changes: tuple, as_of: date) -> dict[str, int]:
    """Each institution's sum of the dated changes (`projections._dated_changes`) on or before `as_of`."""
    day, out = as_of.isoformat(), {}
    for institution_id, _, changed_on, delta in changes:
        if changed_on <= day:
            out[institution_id] = out.get(institution_id, 0) + delta
    return out


@shared
def growth(ledger: Ledger, as_of: date | None = None) -> list[dict[str, Any]]:
    """Each institution's people on board at `as_of` (today) against twelve months before, with its
    quota then and now, and whether it grew fast enough to alert (人员膨胀预警)."""
    from plugins.staffing.projections import _dated_changes

    end = as_of or clock.today()
    start = end - timedelta(days=GROWTH_WINDOW_DAYS)
    quota, staff, institutions = _dated_changes(ledger)  # read once for every day a computation asks about
    people_then, people_now = _on_board(staff, start), _on_board(staff, end)
    quota_then, quota_now = _on_board(quota, start), _on_board(quota, end)
    names = {i: {"name": name, "field": field} for i, (name, field, _) in institutions.items()}
    out = []
    for institution_id in sorted(set(people_then) | set(people_now), key=lambda i: names.get(i, {}).get("name", "")):
        then, now = people_then.get(institution_id, 0), people_now.get(institution_id, 0)
        if not then and not now:
            continue
        grown = now - then
        rate = grown / then if then else None
        out.append(
            {
                "id": institution_id,
                "name": names.get(institution_id, {}).get("name", ""),
                "field": names.get(institution_id, {}).get("field", "other"),
                "people_then": then,
                "people_now": now,
                "growth": grown,
                "growth_rate": rate,
                "quota_then": quota_then.get(institution_id, 0),
                "quota_now": quota_now.get(institution_id, 0),
                "alert": rate is not None and grown >= GROWTH_ALERT_MIN_PEOPLE and rate >= GROWTH_ALERT_RATE,
            }
        )
    return out


def headcount_growth(ledger: Ledger, scope: Any) -> float | None:
    """人员增幅: people on board at the end of the scope against twelve months before, jurisdiction-wide."""
    from plugins.staffing.projections import _applies, _as_of

    if not _applies(ledger, scope):
        return None
    rows = growth(ledger, _as_of(scope))
    then = sum(r["people_then"] for r in rows)
    return (sum(r["people_now"] for r in rows) - then) / then if then else None


def growth_records(ledger: Ledger, scope: Any) -> list[dict[str, Any]]:
    """The institutions whose people on board changed in the twelve months, most growth first."""
    from plugins.staffing.projections import _applies, _as_of

    if not _applies(ledger, scope):
        return []
    rows = [r for r in growth(ledger, _as_of(scope)) if r["growth"]]
    return sorted(rows, key=lambda r: -r["growth"])


def growth_alerts(ledger: Ledger, scope: Any) -> list[dict[str, Any]]:
    """人员膨胀预警, the leaders' gap: institutions whose people grew by the alert's measure."""
    return [r for r in growth_records(ledger, scope) if r["alert"]]
