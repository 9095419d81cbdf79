"""The staffing read model, and the figures leaders read from it.

Quota and staff are also kept as dated changes (`staffing_quota_changes`,
`staffing_staff_changes`), so every figure can be read as it stood on any day: the sum of
the changes decided (or happening) on or before it.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from culture_ledger.memo import shared
from domain import clock
from event_store.projection import Db, Projection, handles
from plugins.staffing.domain import Jurisdiction
from plugins.staffing.rules import KEY_FIELDS, POST_CATEGORIES, QUOTA_TYPES

if TYPE_CHECKING:
    import pandas as pd

    from culture_ledger.ledger import Ledger

J = Jurisdiction
QUOTA_COLUMNS = ", ".join(f"quota_{t}" for t in QUOTA_TYPES)


class StaffingProjection(Projection):
    """Institutions, their quota and people, every decision, and the dated changes behind the charts."""

    name = "staffing"
    tables = {
        "staffing_jurisdiction": "id TEXT PRIMARY KEY, name TEXT NOT NULL, total_quota INTEGER NOT NULL, "
        "policy TEXT NOT NULL, plan_title TEXT, registered_on TEXT, position INTEGER",
        "staffing_institutions": "id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, field TEXT NOT NULL, "
        "status TEXT NOT NULL, established_on TEXT, ended_on TEXT, merged_into TEXT, "
        "quota_administrative INTEGER NOT NULL DEFAULT 0, quota_career INTEGER NOT NULL DEFAULT 0, "
        "quota_work_service INTEGER NOT NULL DEFAULT 0, position INTEGER",
        "staffing_people": "id TEXT PRIMARY KEY, institution_id TEXT NOT NULL, name TEXT NOT NULL, "
        "quota_type TEXT NOT NULL, post_type TEXT NOT NULL, hired_on TEXT NOT NULL, left_on TEXT, "
        "leave_reason TEXT, over_quota INTEGER NOT NULL DEFAULT 0, hire_position INTEGER, position INTEGER",
        "staffing_decisions": "position INTEGER PRIMARY KEY, kind TEXT NOT NULL, doc_no TEXT, decided_on TEXT NOT NULL, "
        "reason TEXT, ideas TEXT, institution_id TEXT, institution TEXT, detail TEXT, "
        "quota_delta INTEGER NOT NULL DEFAULT 0, recorded_at TEXT, recorded_by TEXT",
        "staffing_hires": "position INTEGER PRIMARY KEY, institution_id TEXT NOT NULL, quota_type TEXT NOT NULL, "
        "post_type TEXT NOT NULL, hired_on TEXT NOT NULL, people INTEGER NOT NULL, doc_no TEXT, "
        "note TEXT, over_quota INTEGER NOT NULL, recorded_at TEXT, recorded_by TEXT",
        "staffing_quota_changes": "position INTEGER NOT NULL, seq INTEGER NOT NULL, decided_on TEXT NOT NULL, "
        "institution_id TEXT NOT NULL, field TEXT NOT NULL, quota_type TEXT NOT NULL, "
        "delta INTEGER NOT NULL, PRIMARY KEY (position, seq)",
        "staffing_staff_changes": "position INTEGER NOT NULL, seq INTEGER NOT NULL, occurred_on TEXT NOT NULL, "
        "institution_id TEXT NOT NULL, quota_type TEXT NOT NULL, delta INTEGER NOT NULL, "
        "PRIMARY KEY (position, seq)",
        "staffing_talent_targets": "field TEXT NOT NULL, quota_type TEXT NOT NULL, target INTEGER NOT NULL, "
        "PRIMARY KEY (field, quota_type)",
        # Proposals (申请 → 批准 / 退回): new tables, so a read model built before them needs no rebuild.
        "staffing_proposals": "id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, details TEXT NOT NULL, "
        "department_id TEXT, proposed_by TEXT NOT NULL, proposed_at TEXT NOT NULL, decided_by TEXT, "
        "decided_at TEXT, doc_no TEXT, decided_on TEXT, return_reason TEXT, evidence TEXT, institution_id TEXT, "
        "position INTEGER",
        "staffing_hire_terms": "person_id TEXT PRIMARY KEY, recruitment TEXT NOT NULL, level TEXT NOT NULL, "
        "proposal_id TEXT NOT NULL",
        "staffing_post_changes": "position INTEGER NOT NULL, seq INTEGER NOT NULL, decided_on TEXT NOT NULL, "
        "institution_id TEXT NOT NULL, category TEXT NOT NULL, delta INTEGER NOT NULL, PRIMARY KEY (position, seq)",
    }
    # The merge handler counts an institution's people.
    lookup_indexes = (
        "CREATE INDEX IF NOT EXISTS staffing_people_institution ON staffing_people (institution_id, left_on)",
    )
    indexes = (
        "CREATE INDEX IF NOT EXISTS staffing_quota_changes_day ON staffing_quota_changes (decided_on)",
        "CREATE INDEX IF NOT EXISTS staffing_staff_changes_day ON staffing_staff_changes (occurred_on)",
    )

    # --- helpers -------------------------------------------------------------------------

    @staticmethod
    def _decision(
        db: Db,
        e: Any,
        position: int,
        kind: str,
        institution_id: str | None,
        institution: str,
        detail: dict[str, Any],
        quota_delta: int = 0,
    ) -> None:
        db.execute(
            "INSERT INTO staffing_decisions VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                position,
                kind,
                e.doc_no,
                e.decided_on.isoformat(),
                e.reason,
                ",".join(e.ideas),
                institution_id,
                institution,
                json.dumps(detail, ensure_ascii=False),
                quota_delta,
                e.timestamp.isoformat(),
                e.by.account,
            ),
        )

    @staticmethod
    def _name(db: Db, institution_id: str) -> str:
        return db.scalar("SELECT name FROM staffing_institutions WHERE id = ?", (institution_id,)) or ""

    @staticmethod
    def _quota_change(
        db: Db, position: int, seq: int, day: date, institution_id: str, quota_type: str, delta: int
    ) -> None:
        if not delta:
            return
        db.execute(
            f"UPDATE staffing_institutions SET quota_{quota_type} = quota_{quota_type} + ?, position = ? WHERE id = ?",
            (delta, position, institution_id),
        )
        field = db.scalar("SELECT field FROM staffing_institutions WHERE id = ?", (institution_id,))
        db.execute(
            "INSERT INTO staffing_quota_changes VALUES (?,?,?,?,?,?,?)",
            (position, seq, day.isoformat(), institution_id, field, quota_type, delta),
        )

    @staticmethod
    def _staff_change(
        db: Db, position: int, seq: int, day: date, institution_id: str, quota_type: str, delta: int
    ) -> None:
        if delta:
            db.execute(
                "INSERT INTO staffing_staff_changes VALUES (?,?,?,?,?,?)",
                (position, seq, day.isoformat(), institution_id, quota_type, delta),
            )

    @staticmethod
    def _post_change(db: Db, position: int, day: str, institution_id: str, category: str, delta: int) -> None:
        if not delta:
            return
        seq = db.scalar("SELECT COUNT(*) FROM staffing_post_changes WHERE position = ?", (position,)) or 0
        db.execute(
            "INSERT INTO staffing_post_changes VALUES (?,?,?,?,?,?)",
            (position, seq, day, institution_id, category, delta),
        )

    def _posts_move(self, db: Db, position: int, day: date, institution_id: str, into_id: str | None) -> None:
        """An institution's classed posts leave with it (撤) or move to what it merged into (合)."""
        held = db.rows(
            "SELECT category, SUM(delta) AS n FROM staffing_post_changes WHERE institution_id = ? GROUP BY category",
            (institution_id,),
        )
        for row in held:
            self._post_change(db, position, day.isoformat(), institution_id, row["category"], -row["n"])
            if into_id is not None:
                self._post_change(db, position, day.isoformat(), into_id, row["category"], row["n"])

    # --- handlers ------------------------------------------------------------------------

    @handles(J.Registered)
    def registered(self, db: Db, e: Any, position: int) -> None:
        db.execute(
            "INSERT INTO staffing_jurisdiction VALUES (?,?,?,?,?,?,?)",
            (e.originator_id.hex, e.name, e.total_quota, "refuse", "", e.decided_on.isoformat(), position),
        )
        db.execute(
            "INSERT INTO staffing_decisions VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                position,
                "registered",
                e.doc_no,
                e.decided_on.isoformat(),
                "",
                "",
                None,
                e.name,
                json.dumps({"total_quota": e.total_quota}),
                0,
                e.timestamp.isoformat(),
                e.by.account,
            ),
        )

    @handles(J.TotalQuotaAdjusted)
    def total_adjusted(self, db: Db, e: Any, position: int) -> None:
        db.execute("UPDATE staffing_jurisdiction SET total_quota = ?, position = ?", (e.total_quota, position))
        self._decision(
            db, e, position, "total_adjusted", None, "", {"total_quota": e.total_quota, "previous": e.previous}
        )

    @handles(J.InstitutionEstablished)
    def established(self, db: Db, e: Any, position: int) -> None:
        db.execute(
            f"INSERT INTO staffing_institutions (id, name, kind, field, status, established_on, position, "
            f"{QUOTA_COLUMNS}) VALUES (?,?,?,?,?,?,?,0,0,0)",
            (e.institution_id, e.name, e.kind, e.field, "active", e.decided_on.isoformat(), position),
        )
        for seq, quota_type in enumerate(QUOTA_TYPES):
            self._quota_change(
                db, position, seq, e.decided_on, e.institution_id, quota_type, e.quota.get(quota_type, 0)
            )
        self._decision(
            db,
            e,
            position,
            "established",
            e.institution_id,
            e.name,
            {"kind": e.kind, "field": e.field, "quota": e.quota},
            sum(e.quota.values()),
        )

    @handles(J.InstitutionAbolished)
    def abolished(self, db: Db, e: Any, position: int) -> None:
        # Handlers write before they read: on SQLite a transaction that read first cannot
        # take the write lock once another process has written (SQLITE_BUSY_SNAPSHOT).
        db.execute(
            "UPDATE staffing_institutions SET status = 'abolished', ended_on = ?, position = ? WHERE id = ?",
            (e.decided_on.isoformat(), position, e.institution_id),
        )
        for seq, quota_type in enumerate(QUOTA_TYPES):
            self._quota_change(
                db, position, seq, e.decided_on, e.institution_id, quota_type, -e.quota.get(quota_type, 0)
            )
        self._posts_move(db, position, e.decided_on, e.institution_id, None)
        self._decision(
            db,
            e,
            position,
            "abolished",
            e.institution_id,
            self._name(db, e.institution_id),
            {"quota": e.quota},
            -sum(e.quota.values()),
        )

    @handles(J.InstitutionsMerged)
    def merged(self, db: Db, e: Any, position: int) -> None:
        if e.new is not None:
            db.execute(
                f"INSERT INTO staffing_institutions (id, name, kind, field, status, established_on, position, "
                f"{QUOTA_COLUMNS}) VALUES (?,?,?,?,?,?,?,0,0,0)",
                (e.into_id, e.new["name"], e.new["kind"], e.new["field"], "active", e.decided_on.isoformat(), position),
            )
        for key in e.merged_ids:
            db.execute(
                "UPDATE staffing_institutions SET status = 'merged', ended_on = ?, merged_into = ?, position = ? "
                "WHERE id = ?",
                (e.decided_on.isoformat(), e.into_id, position, key),
            )
        seq = 0
        names = []
        for key in e.merged_ids:
            for quota_type, n in e.moved_quota[key].items():
                self._quota_change(db, position, seq, e.decided_on, key, quota_type, -n)
                self._quota_change(db, position, seq + 1, e.decided_on, e.into_id, quota_type, n)
                seq += 2
            moved = db.rows(
                "SELECT quota_type, COUNT(*) AS n FROM staffing_people "
                "WHERE institution_id = ? AND left_on IS NULL GROUP BY quota_type",
                (key,),
            )
            for row in moved:
                self._staff_change(db, position, seq, e.decided_on, key, row["quota_type"], -row["n"])
                self._staff_change(db, position, seq + 1, e.decided_on, e.into_id, row["quota_type"], row["n"])
                seq += 2
            names.append(self._name(db, key))
        for person in e.moved_people:
            db.execute(
                "UPDATE staffing_people SET institution_id = ?, position = ? WHERE id = ?",
                (e.into_id, position, person),
            )
        for key in e.merged_ids:
            self._posts_move(db, position, e.decided_on, key, e.into_id)
        into = self._name(db, e.into_id)
        self._decision(
            db,
            e,
            position,
            "merged",
            e.into_id,
            into,
            {
                "merged": names,
                "merged_ids": list(e.merged_ids),
                "into": into,
                "new": e.new is not None,
                "quota": {t: sum(q.get(t, 0) for q in e.moved_quota.values()) for t in QUOTA_TYPES},
                "people": len(e.moved_people),
            },
        )

    @handles(J.InstitutionRenamed)
    def renamed(self, db: Db, e: Any, position: int) -> None:
        db.execute(
            "UPDATE staffing_institutions SET name = ?, position = ? WHERE id = ?", (e.name, position, e.institution_id)
        )
        self._decision(db, e, position, "renamed", e.institution_id, e.name, {"previous": e.previous, "name": e.name})

    @handles(J.QuotaReallocated)
    def reallocated(self, db: Db, e: Any, position: int) -> None:
        self._quota_change(db, position, 0, e.decided_on, e.from_id, e.quota_type, -e.amount)
        self._quota_change(db, position, 1, e.decided_on, e.to_id, e.quota_type, e.amount)
        source, target = self._name(db, e.from_id), self._name(db, e.to_id)
        self._decision(
            db,
            e,
            position,
            "reallocated",
            e.to_id,
            target,
            {"from": source, "from_id": e.from_id, "to": target, "quota_type": e.quota_type, "amount": e.amount},
        )

    @handles(J.QuotaAdjusted)
    def quota_adjusted(self, db: Db, e: Any, position: int) -> None:
        self._quota_change(db, position, 0, e.decided_on, e.institution_id, e.quota_type, e.delta)
        self._decision(
            db,
            e,
            position,
            "quota_adjusted",
            e.institution_id,
            self._name(db, e.institution_id),
            {"quota_type": e.quota_type, "delta": e.delta},
            e.delta,
        )

    @handles(J.OverQuotaPolicySet)
    def policy_set(self, db: Db, e: Any, position: int) -> None:
        db.execute("UPDATE staffing_jurisdiction SET policy = ?, position = ?", (e.policy, position))

    @handles(J.TalentPlanSet)
    def talent_plan_set(self, db: Db, e: Any, position: int) -> None:
        db.execute("UPDATE staffing_jurisdiction SET plan_title = ?, position = ?", (e.title, position))
        db.execute("DELETE FROM staffing_talent_targets")
        for target in e.targets:
            db.execute(
                "INSERT INTO staffing_talent_targets VALUES (?,?,?)",
                (target["field"], target["quota_type"], target["target"]),
            )

    @handles(J.StaffHired)
    def hired(self, db: Db, e: Any, position: int) -> None:
        db.executemany(
            "INSERT INTO staffing_people VALUES (?,?,?,?,?,?,NULL,NULL,?,?,?)",
            [
                (
                    p["id"],
                    e.institution_id,
                    p["name"],
                    e.quota_type,
                    e.post_type,
                    e.hired_on.isoformat(),
                    int(e.over_quota),
                    position,
                    position,
                )
                for p in e.people
            ],
        )
        db.execute(
            "INSERT INTO staffing_hires VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                position,
                e.institution_id,
                e.quota_type,
                e.post_type,
                e.hired_on.isoformat(),
                len(e.people),
                e.doc_no,
                e.note,
                int(e.over_quota),
                e.timestamp.isoformat(),
                e.by.account,
            ),
        )
        self._staff_change(db, position, 0, e.hired_on, e.institution_id, e.quota_type, len(e.people))

    @handles(J.StaffDeparted)
    def departed(self, db: Db, e: Any, position: int) -> None:
        db.execute(
            "UPDATE staffing_people SET left_on = ?, leave_reason = ?, position = ? WHERE id = ?",
            (e.left_on.isoformat(), e.reason, position, e.person_id),
        )
        quota_type = db.scalar("SELECT quota_type FROM staffing_people WHERE id = ?", (e.person_id,))
        self._staff_change(db, position, 0, e.left_on, e.institution_id, quota_type, -1)

    @handles(J.PostChanged)
    def post_changed(self, db: Db, e: Any, position: int) -> None:
        db.execute(
            "UPDATE staffing_people SET post_type = ?, position = ? WHERE id = ?", (e.post_type, position, e.person_id)
        )

    @handles(J.PostsClassified)
    def posts_classified(self, db: Db, e: Any, position: int) -> None:
        held = {
            r["category"]: r["n"]
            for r in db.rows(
                "SELECT category, SUM(delta) AS n FROM staffing_post_changes WHERE institution_id = ? "
                "GROUP BY category",
                (e.institution_id,),
            )
        }
        for category in POST_CATEGORIES:
            change = e.posts.get(category, 0) - (held.get(category) or 0)
            self._post_change(db, position, e.decided_on.isoformat(), e.institution_id, category, change)

    @handles(J.DecisionProposed)
    def proposed(self, db: Db, e: Any, position: int) -> None:
        db.execute(
            "INSERT INTO staffing_proposals (id, kind, status, details, department_id, proposed_by, proposed_at, "
            "institution_id, position) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                e.proposal_id,
                e.kind,
                "pending",
                json.dumps(e.details, ensure_ascii=False),
                e.department_id or None,
                e.by.account,
                e.timestamp.isoformat(),
                e.details.get("institution_id") or e.details.get("to_id"),
                position,
            ),
        )

    @handles(J.DecisionApproved)
    def approved(self, db: Db, e: Any, position: int) -> None:
        db.execute(
            "UPDATE staffing_proposals SET status = 'approved', decided_by = ?, decided_at = ?, doc_no = ?, "
            "decided_on = ?, evidence = ?, institution_id = ?, position = ? WHERE id = ?",
            (
                e.by.account,
                e.timestamp.isoformat(),
                e.doc_no,
                e.decided_on.isoformat(),
                json.dumps(e.evidence, ensure_ascii=False),
                e.outcome.get("institution_id"),
                position,
                e.proposal_id,
            ),
        )
        details = json.loads(db.scalar("SELECT details FROM staffing_proposals WHERE id = ?", (e.proposal_id,)))
        day, made = e.decided_on.isoformat(), e.outcome.get("institution_id")
        if e.kind == "establish":
            for category in POST_CATEGORIES:
                self._post_change(db, position, day, made, category, details.get(f"{category}_posts") or 0)
        elif e.kind == "adjust_quota" and details.get("post_category"):
            self._post_change(db, position, day, details["institution_id"], details["post_category"], details["delta"])
        elif e.kind == "reallocate" and details.get("post_category"):
            self._post_change(db, position, day, details["from_id"], details["post_category"], -details["amount"])
            self._post_change(db, position, day, details["to_id"], details["post_category"], details["amount"])
        elif e.kind == "hire" and (details.get("recruitment") or details.get("level")):
            db.executemany(
                "INSERT INTO staffing_hire_terms VALUES (?,?,?,?)",
                [
                    (person, details.get("recruitment") or "other", details.get("level") or "", e.proposal_id)
                    for person in e.outcome.get("people", [])
                ],
            )

    @handles(J.DecisionReturned)
    def returned(self, db: Db, e: Any, position: int) -> None:
        db.execute(
            "UPDATE staffing_proposals SET status = 'returned', decided_by = ?, decided_at = ?, return_reason = ?, "
            "position = ? WHERE id = ?",
            (e.by.account, e.timestamp.isoformat(), e.reason, position, e.proposal_id),
        )


# --- queries -------------------------------------------------------------------------------


@shared
def jurisdiction(ledger: Ledger) -> dict[str, Any] | None:
    rows = ledger.query("SELECT * FROM staffing_jurisdiction")
    return rows[0] if rows else None


def institutions(ledger: Ledger, *, active_only: bool = True) -> list[dict[str, Any]]:
    """Institutions with their quota and people on board, by type and in total."""
    where = "WHERE i.status = 'active'" if active_only else ""
    rows = ledger.query(
        f"SELECT i.id, i.name, i.kind, i.field, i.status, i.established_on, i.ended_on, i.merged_into, {QUOTA_COLUMNS}, "
        + ", ".join(
            f"(SELECT COUNT(*) FROM staffing_people p WHERE p.institution_id = i.id AND p.left_on IS NULL "
            f"AND p.quota_type = '{t}') AS actual_{t}"
            for t in QUOTA_TYPES
        )
        + f" FROM staffing_institutions i {where} ORDER BY i.field, i.name"
    )
    for row in rows:
        row["quota"] = sum(row[f"quota_{t}"] for t in QUOTA_TYPES)
        row["actual"] = sum(row[f"actual_{t}"] for t in QUOTA_TYPES)
        row["vacant"] = sum(max(row[f"quota_{t}"] - row[f"actual_{t}"], 0) for t in QUOTA_TYPES)
        row["excess"] = sum(max(row[f"actual_{t}"] - row[f"quota_{t}"], 0) for t in QUOTA_TYPES)
    return rows


def over_quota(ledger: Ledger) -> list[dict[str, Any]]:
    """超编: institutions with more people on some quota type than that type's quota.

    `quota` and `actual` are the institution's totals; `excess` is the sum over quota types of
    the people beyond that type's quota (vacancies of one type do not cover another).
    """
    return [
        {"id": r["id"], "name": r["name"], "quota": r["quota"], "actual": r["actual"], "excess": r["excess"]}
        for r in institutions(ledger)
        if r["excess"] > 0
    ]


def mixed_staffing(ledger: Ledger) -> list[dict[str, Any]]:
    """混编混岗: people on board whose post is of another type than the quota they hold."""
    return ledger.query(
        "SELECT p.id, i.name AS institution, p.name AS person, p.quota_type, p.post_type FROM staffing_people p "
        "JOIN staffing_institutions i ON i.id = p.institution_id "
        "WHERE p.left_on IS NULL AND p.quota_type <> p.post_type ORDER BY i.name, p.name"
    )


def vacancies(ledger: Ledger) -> list[dict[str, Any]]:
    """空编: per active institution and quota type, quota minus people on board, when positive."""
    out = []
    for r in institutions(ledger):
        for t in QUOTA_TYPES:
            vacant = r[f"quota_{t}"] - r[f"actual_{t}"]
            if vacant > 0:
                out.append(
                    {
                        "id": r["id"],
                        "name": r["name"],
                        "field": r["field"],
                        "quota_type": t,
                        "quota": r[f"quota_{t}"],
                        "actual": r[f"actual_{t}"],
                        "vacant": vacant,
                    }
                )
    return out


def people(ledger: Ledger, institution_id: str | None = None) -> list[dict[str, Any]]:
    """People on board (optionally of one institution)."""
    where, params = ("AND p.institution_id = ?", (institution_id,)) if institution_id else ("", ())
    return ledger.query(
        "SELECT p.id, p.name, i.name AS institution, p.institution_id, p.quota_type, p.post_type, p.hired_on, "
        "p.over_quota, h.recruitment, h.level FROM staffing_people p "
        "JOIN staffing_institutions i ON i.id = p.institution_id LEFT JOIN staffing_hire_terms h ON h.person_id = p.id "
        f"WHERE p.left_on IS NULL {where} ORDER BY i.name, p.hired_on DESC, p.name",
        params,
    )


def flagged_hires(ledger: Ledger) -> list[dict[str, Any]]:
    """Hires recorded beyond the quota under the 'flag' policy."""
    return ledger.query(
        "SELECT h.position AS id, h.hired_on, i.name AS institution, h.quota_type, h.people, h.doc_no, h.note, "
        "h.recorded_by FROM staffing_hires h JOIN staffing_institutions i ON i.id = h.institution_id "
        "WHERE h.over_quota = 1 ORDER BY h.hired_on DESC"
    )


def decisions(ledger: Ledger, kinds: tuple[str, ...] | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """The decisions, newest first (by the date decided, then by log position)."""
    where = f"WHERE kind IN ({','.join('?' for _ in kinds)})" if kinds else ""
    rows = ledger.query(
        f"SELECT * FROM staffing_decisions {where} ORDER BY decided_on DESC, position DESC LIMIT ?",
        (*(kinds or ()), limit),
    )
    for row in rows:
        row["detail"] = json.loads(row["detail"] or "{}")
        row["ideas"] = [i for i in (row["ideas"] or "").split(",") if i]
    return rows


STANDING_COLUMNS = ["institution_id", "quota_type", "quota", "actual", "name", "field", "kind", "vacant", "excess"]


@shared
def _dated_changes(ledger: Ledger) -> tuple[tuple, tuple, dict[str, tuple[str, str, str]]]:
    """Every change of quota and of people on board, summed per institution, quota type and day, and each
    institution's name, field and kind: the standing on any day is summed from them in Python, so a
    computation that asks for the standing at the end of several periods reads the store once."""
    quota = tuple(
        (r["institution_id"], r["quota_type"], str(r["day"]), int(r["delta"]))
        for r in ledger.query(
            "SELECT institution_id, quota_type, decided_on AS day, SUM(delta) AS delta FROM staffing_quota_changes "
            "GROUP BY institution_id, quota_type, decided_on"
        )
    )
    staff = tuple(
        (r["institution_id"], r["quota_type"], str(r["day"]), int(r["delta"]))
        for r in ledger.query(
            "SELECT institution_id, quota_type, occurred_on AS day, SUM(delta) AS delta FROM staffing_staff_changes "
            "GROUP BY institution_id, quota_type, occurred_on"
        )
    )
    names = {
        r["id"]: (r["name"], r["field"], r["kind"])
        for r in ledger.query("SELECT id, name, field, kind FROM staffing_institutions")
    }
    return quota, staff, names


@shared
def standing_rows(ledger: Ledger, as_of: date | None = None) -> list[dict[str, Any]]:
    """Quota and people per institution and quota type as they stood at the end of a day (now when
    None), one row each (`STANDING_COLUMNS`), by institution id and quota type; a pair with neither
    quota nor people is left out."""
    quota, staff, names = _dated_changes(ledger)
    day = as_of.isoformat() if as_of is not None else None
    sums: dict[tuple[str, str], list[int]] = {}
    for n, changes in enumerate((quota, staff)):
        for institution_id, quota_type, changed_on, delta in changes:
            if day is None or changed_on <= day:
                sums.setdefault((institution_id, quota_type), [0, 0])[n] += delta
    rows = []
    for (institution_id, quota_type), (q, actual) in sorted(sums.items()):
        if q == 0 and actual == 0:
            continue
        name, field, kind = names.get(institution_id, (None, None, None))
        rows.append(
            {
                "institution_id": institution_id,
                "quota_type": quota_type,
                "quota": q,
                "actual": actual,
                "name": name,
                "field": field,
                "kind": kind,
                "vacant": max(q - actual, 0),
                "excess": max(actual - q, 0),
            }
        )
    return rows


def standing(ledger: Ledger, as_of: date | None = None) -> pd.DataFrame:
    """`standing_rows` as one table (for the pages' tables and charts)."""
    import pandas as pd  # here, not at the top: `culture-ledger` loads StaffingProjection without pandas

    return pd.DataFrame(standing_rows(ledger, as_of), columns=STANDING_COLUMNS)


@shared
def summary(ledger: Ledger, as_of: date | None = None) -> dict[str, Any]:
    """The headline figures: total, allocated, people on board, vacancies, over-quota institutions, key-field share."""
    j = jurisdiction(ledger)
    rows = standing_rows(ledger, as_of)
    allocated = sum(r["quota"] for r in rows)
    key = sum(r["quota"] for r in rows if r["field"] in KEY_FIELDS)
    actual = sum(r["actual"] for r in rows)
    total = j["total_quota"] if j else 0
    if as_of is not None and j:
        total = _total_as_of(ledger, as_of)
    return {
        "total": total,
        "allocated": allocated,
        "headroom": total - allocated,
        "actual": actual,
        "vacant": sum(r["vacant"] for r in rows),
        "over_quota": len({r["institution_id"] for r in rows if r["excess"] > 0}),
        "key_quota": key,
        "key_share": (key / allocated) if allocated else None,
        "use": (actual / allocated) if allocated else None,
    }


def _total_as_of(ledger: Ledger, as_of: date) -> int:
    rows = ledger.query(
        "SELECT kind, detail FROM staffing_decisions WHERE kind IN ('registered', 'total_adjusted') "
        "AND decided_on <= ? ORDER BY decided_on DESC, position DESC LIMIT 1",
        (as_of.isoformat(),),
    )
    return json.loads(rows[0]["detail"])["total_quota"] if rows else 0


@shared
def quota_by_field_over_time(ledger: Ledger, since: date | None = None) -> pd.DataFrame:
    """Allocated quota per field after each day on which a decision changed it (a step series).

    With `since`, the series starts that day at the quota as it then stood.
    """
    import pandas as pd

    changes = pd.DataFrame(
        ledger.query(
            "SELECT decided_on, field, SUM(delta) AS delta FROM staffing_quota_changes GROUP BY decided_on, field "
            "ORDER BY decided_on"
        ),
        columns=["decided_on", "field", "delta"],
    )
    return step_series(changes, "field", "delta", "quota", since)


def step_series(changes: pd.DataFrame, by: str, delta: str, value: str, since: date | None) -> pd.DataFrame:
    """Dated changes per `by` as a step series of running totals (`day`, `by`, `value`): a point on
    each day something changed and today; from `since`, starting at what stood on that day.

    Summed in Python over the rows (a pivot and a melt cost more than the few hundred changes they hold)."""
    import pandas as pd

    if changes.empty:
        return pd.DataFrame(columns=["day", by, value])
    day_col = changes.columns[0]
    sums: dict[str, dict[Any, int]] = {}
    for day, key, amount in zip(changes[day_col], changes[by], changes[delta]):
        if key is None or key != key:  # a change of no series (NaN) is left out, as a pivot leaves it
            continue
        per_day = sums.setdefault(day, {})
        per_day[key] = per_day.get(key, 0) + amount
    keys = sorted({k for per_day in sums.values() for k in per_day})
    running = dict.fromkeys(keys, 0)
    rows: dict[str, list[int]] = {}  # day -> the running totals, in `keys` order
    for day in sorted(sums):
        for k, amount in sums[day].items():
            running[k] += amount
        rows[day] = list(running.values())
    rows[clock.today().isoformat()] = list(rows[next(reversed(rows))])  # today, at what stands last
    if since is not None:
        start = since.isoformat()
        before = [day for day in rows if day <= start]
        kept = {day: totals for day, totals in rows.items() if day > start}
        if before:
            kept[start] = rows[before[-1]]
        rows = dict(sorted(kept.items()))
    days = list(rows)
    out = pd.DataFrame(
        {
            "day": pd.to_datetime(pd.Series([d for _ in keys for d in days], dtype="str")),
            by: [k for k in keys for _ in days],
            value: [int(rows[d][n]) for n in range(len(keys)) for d in days],
        }
    )
    return out.astype({value: int})


def key_share_over_time(
    ledger: Ledger, since: date | None = None, fields: tuple[str, ...] = KEY_FIELDS
) -> pd.DataFrame:
    """The share of allocated quota in `fields` (the key and livelihood fields), after each decision day."""
    import pandas as pd

    by_field = quota_by_field_over_time(ledger, since)
    if by_field.empty:
        return pd.DataFrame(columns=["day", "share", "key_quota", "allocated"])
    by_field["key_quota"] = by_field["quota"].where(by_field["field"].isin(fields), 0)
    g = by_field.groupby("day", as_index=False).agg(key_quota=("key_quota", "sum"), allocated=("quota", "sum"))
    g["share"] = g["key_quota"] / g["allocated"].where(g["allocated"] > 0)
    return g


def over_quota_by_type(ledger: Ledger) -> list[dict[str, Any]]:
    """超编 in detail: each institution and quota type with more people than quota."""
    columns = ("name", "quota_type", "quota", "actual", "excess")
    return [{"id": r["institution_id"], **{c: r[c] for c in columns}} for r in standing_rows(ledger) if r["excess"] > 0]


def talent_progress(ledger: Ledger) -> list[dict[str, Any]]:
    """人才发展规划: for each target, the people on board in that field on that quota type."""
    targets = ledger.query("SELECT field, quota_type, target FROM staffing_talent_targets ORDER BY field, quota_type")
    actual = {
        (r["field"], r["quota_type"]): r["n"]
        for r in ledger.query(
            "SELECT i.field, p.quota_type, COUNT(*) AS n FROM staffing_people p "
            "JOIN staffing_institutions i ON i.id = p.institution_id WHERE p.left_on IS NULL "
            "GROUP BY i.field, p.quota_type"
        )
    }
    out = []
    for t in targets:
        n = actual.get((t["field"], t["quota_type"]), 0)
        out.append(
            {**t, "actual": n, "gap": max(t["target"] - n, 0), "progress": (n / t["target"]) if t["target"] else 1.0}
        )
    return out


# --- indicators (as they stood at the end of the scope) -------------------------------------
# Quotas belong to the jurisdiction's institutions, not to the office's departments: under a
# department filter these figures do not apply (None), rather than repeat the whole jurisdiction.


def _as_of(scope: Any) -> date:
    return min(scope.end, clock.today())


def _applies(ledger: Ledger, scope: Any) -> bool:
    return not getattr(scope, "department_id", None) and jurisdiction(ledger) is not None


def quota_use(ledger: Ledger, scope: Any) -> float | None:
    """编制使用率: people on board as a share of the allocated quota."""
    return summary(ledger, _as_of(scope))["use"] if _applies(ledger, scope) else None


def key_field_share(ledger: Ledger, scope: Any) -> float | None:
    """Share of the allocated quota in the key and livelihood fields."""
    return summary(ledger, _as_of(scope))["key_share"] if _applies(ledger, scope) else None


def over_quota_count(ledger: Ledger, scope: Any) -> int | None:
    """Institutions over quota on some quota type."""
    return summary(ledger, _as_of(scope))["over_quota"] if _applies(ledger, scope) else None


def vacancy_count(ledger: Ledger, scope: Any) -> int | None:
    """空编: the sum of every institution's vacant quota, type by type."""
    return summary(ledger, _as_of(scope))["vacant"] if _applies(ledger, scope) else None


def _rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Standing rows summed per institution (its quota types together), by institution id."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["name"] is None or r["field"] is None:  # an institution the read model does not name
            continue
        row = out.get(r["institution_id"])
        if row is None:
            row = out[r["institution_id"]] = {
                "id": r["institution_id"],
                "name": r["name"],
                "field": r["field"],
                "quota": 0,
                "actual": 0,
                "vacant": 0,
                "excess": 0,
            }
        for c in ("quota", "actual", "vacant", "excess"):
            row[c] += r[c]
    return list(out.values())


def standing_records(ledger: Ledger, scope: Any) -> list[dict[str, Any]]:
    """Every institution's quota, people, vacancies and excess behind the figures."""
    return _rows(standing_rows(ledger, _as_of(scope))) if _applies(ledger, scope) else []


def key_field_records(ledger: Ledger, scope: Any) -> list[dict[str, Any]]:
    if not _applies(ledger, scope):
        return []
    return _rows([r for r in standing_rows(ledger, _as_of(scope)) if r["field"] in KEY_FIELDS])


def over_quota_records(ledger: Ledger, scope: Any) -> list[dict[str, Any]]:
    return [r for r in standing_records(ledger, scope) if r["excess"] > 0]


def vacancy_records(ledger: Ledger, scope: Any) -> list[dict[str, Any]]:
    return [r for r in standing_records(ledger, scope) if r["vacant"] > 0]


def ranked_institutions(records: Any) -> Any:
    """An indicator's records as its ranking reads them: each names its institution (`institution_id`, `institution`)."""

    def rows(ledger: Ledger, scope: Any) -> list[dict[str, Any]]:
        return [{**r, "institution_id": r["id"], "institution": r["name"]} for r in records(ledger, scope)]

    return rows


# --- proposals, hires by recruitment, posts by category ----------------------------------------


def proposals(
    ledger: Ledger, status: str | None = None, proposed_by: str | None = None, limit: int = 500
) -> list[dict[str, Any]]:
    """Staffing proposals (newest first), each with its details; of one status and one proposer if named."""
    where, params = [], []
    if status:
        where, params = [*where, "p.status = ?"], [*params, status]
    if proposed_by:
        where, params = [*where, "p.proposed_by = ?"], [*params, proposed_by]
    rows = ledger.query(
        "SELECT p.*, d.name AS department FROM staffing_proposals p LEFT JOIN departments d ON d.id = p.department_id "
        f"{'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY p.proposed_at DESC LIMIT ?",
        (*params, limit),
    )
    for row in rows:
        row["details"] = json.loads(row["details"] or "{}")
        row["evidence"] = json.loads(row["evidence"] or "[]")
    return rows


def hires_by_recruitment(ledger: Ledger) -> list[dict[str, Any]]:
    """People who entered the quota through an approved hire, by recruitment method, level and field."""
    return ledger.query(
        "SELECT h.recruitment, h.level, i.field, COUNT(*) AS people FROM staffing_hire_terms h "
        "JOIN staffing_people p ON p.id = h.person_id JOIN staffing_institutions i ON i.id = p.institution_id "
        "GROUP BY h.recruitment, h.level, i.field ORDER BY h.recruitment, h.level, i.field"
    )


def hire_terms(ledger: Ledger) -> dict[str, dict[str, str]]:
    """Each person hired through an approved proposal: how (recruitment) and at which level."""
    return {r["person_id"]: r for r in ledger.query("SELECT person_id, recruitment, level FROM staffing_hire_terms")}


def professional_ratio_over_time(ledger: Ledger, since: date | None = None) -> pd.DataFrame:
    """专业技术人员编制配备比例: per field, the public institutions' (事业单位) quota places classed
    专业技术岗位 over all their quota, after each day on which either changed (a step series)."""
    import pandas as pd

    columns = ["day", "field", "professional", "quota", "ratio"]
    public = "JOIN staffing_institutions i ON i.id = c.institution_id WHERE i.kind = 'public_institution'"
    quota = pd.DataFrame(
        ledger.query(
            f"SELECT c.decided_on AS day, i.field, SUM(c.delta) AS n FROM staffing_quota_changes c {public} "
            "GROUP BY c.decided_on, i.field"
        ),
        columns=["day", "field", "n"],
    )
    posts = pd.DataFrame(
        ledger.query(
            f"SELECT c.decided_on AS day, i.field, SUM(c.delta) AS n FROM staffing_post_changes c {public} "
            "AND c.category = 'professional' GROUP BY c.decided_on, i.field"
        ),
        columns=["day", "field", "n"],
    )
    if quota.empty:
        return pd.DataFrame(columns=columns)
    days = sorted({*quota["day"], *posts["day"], clock.today().isoformat()})
    fields = sorted(set(quota["field"]))

    def running(changes: pd.DataFrame) -> pd.DataFrame:
        wide = changes.pivot_table(index="day", columns="field", values="n", aggfunc="sum")
        return wide.reindex(index=days, columns=fields).fillna(0).cumsum()

    quota_now, posts_now = running(quota), running(posts)
    if since is not None:
        start = since.isoformat()
        before = [d for d in days if d <= start]
        keep = ([before[-1]] if before else []) + [d for d in days if d > start]
        quota_now, posts_now = quota_now.loc[keep], posts_now.loc[keep]
        if before:
            quota_now, posts_now = (
                quota_now.rename(index={before[-1]: start}),
                posts_now.rename(index={before[-1]: start}),
            )
    out = pd.DataFrame({"quota": quota_now.stack(), "professional": posts_now.stack()}).reset_index()
    out.columns = ["day", "field", "quota", "professional"]
    out = out[out["quota"] > 0].copy()
    out["day"] = pd.to_datetime(out["day"])
    out["ratio"] = out["professional"] / out["quota"]
    return out[columns].astype({"professional": int, "quota": int}).reset_index(drop=True)


def proposal_subject(ledger: Ledger, row: dict[str, Any]) -> str:
    """The institution(s) a proposal names, by name (a new one by the name it would have)."""
    d = row["details"]
    if row["kind"] == "establish":
        return d.get("name", "")
    ids = [d[k] for k in ("institution_id", "from_id") if d.get(k)] + list(d.get("merged_ids") or [])
    names = {
        r["id"]: r["name"]
        for r in ledger.query(
            f"SELECT id, name FROM staffing_institutions WHERE id IN ({','.join('?' for _ in ids) or 'NULL'})",
            [i.replace("-", "") for i in ids],
        )
    }
    named = "、".join(names.get(i.replace("-", ""), "") for i in ids)
    if row["kind"] == "merge":
        into = d.get("new_name") or names.get((d.get("into_id") or "").replace("-", "")) or ""
        if d.get("into_id"):
            into = ledger.scalar(
                "SELECT name FROM staffing_institutions WHERE id = ?", (d["into_id"].replace("-", ""),)
            )
        return f"{named} → {into or ''}"
    if row["kind"] == "reallocate":
        to = ledger.scalar("SELECT name FROM staffing_institutions WHERE id = ?", (d["to_id"].replace("-", ""),))
        return f"{named} → {to or ''}"
    return named


def health_professional_records(ledger: Ledger, scope: Any, field: str = "health") -> list[dict[str, Any]]:
    """The public institutions (事业单位) of a field (卫生 by default) with their quota and the places
    classed 专业技术岗位, as they stood at the end of the scope."""
    if not _applies(ledger, scope):
        return []
    as_of = _as_of(scope).isoformat()
    public = {r["id"] for r in ledger.query("SELECT id FROM staffing_institutions WHERE kind = 'public_institution'")}
    posts = {
        r["institution_id"]: r["n"]
        for r in ledger.query(
            "SELECT institution_id, SUM(delta) AS n FROM staffing_post_changes "
            "WHERE category = 'professional' AND decided_on <= ? GROUP BY institution_id",
            (as_of,),
        )
    }
    return [
        {**r, "professional": int(posts.get(r["id"], 0))}
        for r in _rows(standing_rows(ledger, _as_of(scope)))
        if r["field"] == field and r["quota"] > 0 and r["id"] in public
    ]


def health_professional_share(ledger: Ledger, scope: Any) -> float | None:
    """卫生系统专业技术人员编制配备比例: the health field's places classed 专业技术岗位 over its quota."""
    rows = health_professional_records(ledger, scope)
    quota = sum(r["quota"] for r in rows)
    return sum(r["professional"] for r in rows) / quota if quota else None
