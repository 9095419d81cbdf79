"""The campaigns' read model: each campaign as it stands, the records linked to it, its goals' states;
and what the page reads from it (with the linked records' titles from their own read models)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from event_store.projection import Db, Projection, handles
from plugins.campaigns.domain import FIVE_ORGAN_TYPES, Campaign

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger


class CampaignProjection(Projection):
    """Every campaign, its links (unlinked ones removed) and the latest state reported for each goal."""

    name = "campaigns"
    title = "record.Campaign"
    tables = {
        "campaigns": "id TEXT PRIMARY KEY, name TEXT NOT NULL, year INTEGER NOT NULL, goals TEXT NOT NULL, "
        "carriers TEXT NOT NULL, ideas TEXT NOT NULL, organ_types TEXT NOT NULL, occurred_on TEXT NOT NULL, "
        "withdrawn INTEGER NOT NULL DEFAULT 0, recorded_by TEXT, version INTEGER, position INTEGER",
        "campaign_links": "campaign_id TEXT NOT NULL, record_id TEXT NOT NULL, kind TEXT NOT NULL, carrier TEXT NOT NULL, "
        "department_id TEXT NOT NULL, organ_type TEXT NOT NULL, note TEXT, linked_on TEXT, linked_by TEXT, "
        "position INTEGER, PRIMARY KEY (campaign_id, record_id)",
        "campaign_goals": "campaign_id TEXT NOT NULL, goal INTEGER NOT NULL, status TEXT NOT NULL, note TEXT, "
        "reported_on TEXT, reported_by TEXT, position INTEGER, PRIMARY KEY (campaign_id, goal)",
    }
    indexes = ("CREATE INDEX IF NOT EXISTS campaign_links_record ON campaign_links (record_id)",)

    @staticmethod
    def _version(db: Db, e: Any, position: int) -> None:
        db.execute(
            "UPDATE campaigns SET version=?, position=? WHERE id=?",
            (e.originator_version, position, e.originator_id.hex),
        )

    @handles(Campaign.Declared)
    def declared(self, db: Db, e: Campaign.Declared, position: int) -> None:
        db.execute(
            "INSERT INTO campaigns VALUES (?,?,?,?,?,?,?,?,0,?,?,?)",
            (
                e.originator_id.hex,
                e.name,
                e.year,
                json.dumps(e.goals, ensure_ascii=False),
                json.dumps(e.carriers),
                json.dumps(e.ideas),
                json.dumps(e.organ_types),
                e.occurred_on.isoformat(),
                e.by.account,
                e.originator_version,
                position,
            ),
        )

    @handles(Campaign.Linked)
    def linked(self, db: Db, e: Campaign.Linked, position: int) -> None:
        db.execute(
            "INSERT INTO campaign_links VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                e.originator_id.hex,
                e.record_id.hex,
                e.kind,
                e.carrier,
                e.department_id.hex,
                e.organ_type,
                e.note,
                e.on.isoformat(),
                e.by.account,
                position,
            ),
        )
        self._version(db, e, position)

    @handles(Campaign.Unlinked)
    def unlinked(self, db: Db, e: Campaign.Unlinked, position: int) -> None:
        db.execute(
            "DELETE FROM campaign_links WHERE campaign_id=? AND record_id=?", (e.originator_id.hex, e.record_id.hex)
        )
        self._version(db, e, position)

    @handles(Campaign.GoalReported)
    def goal_reported(self, db: Db, e: Campaign.GoalReported, position: int) -> None:
        db.execute("DELETE FROM campaign_goals WHERE campaign_id=? AND goal=?", (e.originator_id.hex, e.goal))
        db.execute(
            "INSERT INTO campaign_goals VALUES (?,?,?,?,?,?,?)",
            (e.originator_id.hex, e.goal, e.status, e.note, e.on.isoformat(), e.by.account, position),
        )
        self._version(db, e, position)

    @handles(Campaign.Amended)
    def amended(self, db: Db, e: Campaign.Amended, position: int) -> None:
        self._version(db, e, position)

    @handles(Campaign.Withdrawn)
    def withdrawn(self, db: Db, e: Campaign.Withdrawn, position: int) -> None:
        db.execute(
            "UPDATE campaigns SET withdrawn=1, version=?, position=? WHERE id=?",
            (e.originator_version, position, e.originator_id.hex),
        )


# --- what a campaign links: each kind's records, from its own read model ---------------------

SOURCES = {
    "activity": "SELECT id, title, department_id, carrier, occurred_on FROM activities WHERE withdrawn = 0",
    "reform_task": "SELECT id, title, department_id, 'overall' AS carrier, occurred_on FROM overall_tasks "
    "WHERE withdrawn = 0",
    "working_rule": "SELECT id, title, department_id, 'standards' AS carrier, adopted_on AS occurred_on "
    "FROM standards_rules WHERE withdrawn = 0",
    "proposal": "SELECT id, title, department_id, 'innovation' AS carrier, submitted_on AS occurred_on "
    "FROM innovation_proposals WHERE withdrawn = 0",
}
"""Each linkable kind's standing records: id, title, department, carrier, date."""


def linkable(ledger: Ledger, kind: str, year: int | None = None, record_id: str | None = None) -> list[dict]:
    """The standing records of `kind` (those dated in `year`, or the one `record_id`), newest first."""
    sql, params = f"SELECT * FROM ({SOURCES[kind]}) AS r", []
    where = []
    if year is not None:
        where.append("r.occurred_on BETWEEN ? AND ?")
        params += [f"{year}-01-01", f"{year}-12-31"]
    if record_id is not None:
        where.append("r.id = ?")
        params.append(record_id)
    if where:
        sql += " WHERE " + " AND ".join(where)
    return ledger.query(sql + " ORDER BY r.occurred_on DESC, r.title", params)


def _decoded(row: dict) -> dict:
    return {**row, **{k: json.loads(row[k]) for k in ("goals", "carriers", "ideas", "organ_types")}}


def campaigns(ledger: Ledger, year: int | None = None, *, include_withdrawn: bool = False) -> list[dict]:
    """The office's campaigns (of `year`), newest first, with their goals, carriers, ideas and types decoded."""
    where, params = [], []
    if year is not None:
        where.append("year = ?")
        params.append(year)
    if not include_withdrawn:
        where.append("withdrawn = 0")
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return [
        _decoded(r)
        for r in ledger.query(f"SELECT * FROM campaigns{clause} ORDER BY year DESC, occurred_on DESC", params)
    ]


def campaign(ledger: Ledger, campaign_id: str) -> dict | None:
    rows = ledger.query("SELECT * FROM campaigns WHERE id = ?", (campaign_id,))
    return _decoded(rows[0]) if rows else None


def linked_records(ledger: Ledger, campaign_id: str) -> list[dict]:
    """The records linked to a campaign, each with its title, date and department as its own read model
    has them now (a record withdrawn since is marked `withdrawn`), oldest first."""
    links = ledger.query(
        "SELECT l.*, d.name AS department FROM campaign_links l LEFT JOIN departments d ON d.id = l.department_id "
        "WHERE l.campaign_id = ? ORDER BY l.position",
        (campaign_id,),
    )
    standing: dict[str, dict] = {}
    for kind in {link["kind"] for link in links}:
        ids = [link["record_id"] for link in links if link["kind"] == kind]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" for _ in chunk)
            for r in ledger.query(f"SELECT * FROM ({SOURCES[kind]}) AS r WHERE r.id IN ({marks})", chunk):
                standing[r["id"]] = r
    out = []
    for link in links:
        record = standing.get(link["record_id"])
        out.append(
            {
                **link,
                "id": link["record_id"],
                "title": record["title"] if record else "",
                "occurred_on": record["occurred_on"] if record else "",
                "withdrawn": record is None,
            }
        )
    return out


def goal_states(ledger: Ledger, campaign_id: str) -> dict[int, dict]:
    return {r["goal"]: r for r in ledger.query("SELECT * FROM campaign_goals WHERE campaign_id = ?", (campaign_id,))}


def progress(ledger: Ledger, campaign_id: str) -> dict[str, Any]:
    """How far a campaign has come: its standing linked records per carrier (every carrier it serves
    listed, with none too) and per kind, and how many of its goals are done."""
    found = campaign(ledger, campaign_id)
    records = [r for r in linked_records(ledger, campaign_id) if not r["withdrawn"]]
    per_carrier = dict.fromkeys(found["carriers"] if found else [], 0)
    per_kind: dict[str, int] = {}
    for r in records:
        per_carrier[r["carrier"]] = per_carrier.get(r["carrier"], 0) + 1
        per_kind[r["kind"]] = per_kind.get(r["kind"], 0) + 1
    states = goal_states(ledger, campaign_id)
    goals = found["goals"] if found else []
    return {
        "records": len(records),
        "per_carrier": per_carrier,
        "per_kind": per_kind,
        "goals": [{"goal": g, "status": states.get(i, {}).get("status", "planned")} for i, g in enumerate(goals)],
        "goals_done": sum(1 for i in range(len(goals)) if states.get(i, {}).get("status") == "done"),
    }


def five_types(ledger: Ledger, campaign_id: str) -> list[dict]:
    """What each department did toward each of the campaign's five types, with the score beside it: one row
    per department and type, counting its standing linked records (their titles listed) and the type's score
    in the department's latest standing 五型 assessment of the campaign's year (None before any)."""
    found = campaign(ledger, campaign_id)
    if not found or not found["organ_types"]:
        return []
    year = found["year"]
    scores: dict[str, dict] = {}
    for a in ledger.query(
        "SELECT * FROM integrity_assessments WHERE withdrawn = 0 AND period_end BETWEEN ? AND ? ORDER BY period_end",
        (f"{year}-01-01", f"{year}-12-31"),
    ):
        scores[a["department_id"]] = a  # the latest quarter's stands
    done: dict[tuple[str, str], list[str]] = {}
    for r in linked_records(ledger, campaign_id):
        if not r["withdrawn"] and r["organ_type"]:
            done.setdefault((r["department_id"], r["organ_type"]), []).append(r["title"])
    rows = []
    for d in ledger.query("SELECT id, name FROM departments ORDER BY name"):
        assessed = scores.get(d["id"])
        for k in (k for k in FIVE_ORGAN_TYPES if k in found["organ_types"]):
            titles = done.get((d["id"], k), [])
            rows.append(
                {
                    "department_id": d["id"],
                    "department": d["name"],
                    "organ_type": k,
                    "records": len(titles),
                    "titles": "；".join(titles),
                    "score": assessed[f"score_{k}"] if assessed else None,
                    "period": assessed["period"] if assessed else None,
                }
            )
    return rows


def campaigns_of_record(ledger: Ledger, record_id: str) -> list[dict]:
    """The standing campaigns a record is linked to (to show beside the record)."""
    return ledger.query(
        "SELECT c.id, c.name, c.year, l.organ_type FROM campaign_links l JOIN campaigns c ON c.id = l.campaign_id "
        "WHERE l.record_id = ? AND c.withdrawn = 0 ORDER BY c.year DESC, c.name",
        (record_id,),
    )
