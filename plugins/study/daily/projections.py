"""The daily-study read model: every study entry as it stands now."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from event_store.projection import Db, Projection, Stored, handles, handles_stored
from plugins.study.domain import StudyEntry

DAYS = ", ".join(f"d{n}" for n in range(7))
EPOCH = date(1900, 1, 1)
"""A Monday: `study_weeks.week` is the number of days from it to the week's Monday (whole numbers
compare and subtract in the store without reading a date)."""
SQLITE_DAY = "CAST(julianday({day}) - 2415020.5 AS INTEGER)"
"""SQLite: the number of days from EPOCH to an ISO day (2415020.5 is EPOCH's Julian day)."""
PG_DAY = "({day}::date - DATE '1900-01-01')"
"""PostgreSQL: the same number."""


def _sqlite_fold(row: str, sign: str) -> str:
    """One statement of a SQLite trigger: `row`'s (NEW or OLD) minutes added to (`sign` -: taken
    from) its cadre's week, on the column of its weekday, when it is not withdrawn.

    The week's row, when there is one, is updated from `row` itself, not from `excluded`: SQLite
    3.40 renaming the table (as a rebuild does) rewrites `excluded.d0` in a trigger into the
    table's own `d0`, and every later entry would double its week."""
    n = SQLITE_DAY.format(day=f"{row}.occurred_on")
    days = ", ".join(f"CASE n % 7 WHEN {d} THEN {sign}{row}.minutes ELSE 0 END" for d in range(7))
    added = ", ".join(f"d{d} = d{d} + CASE {n} % 7 WHEN {d} THEN {sign}{row}.minutes ELSE 0 END" for d in range(7))
    return (
        f"INSERT INTO study_weeks (week, cadre_id, {DAYS}) SELECT n - n % 7, {row}.cadre_id, {days} "
        f"FROM (SELECT {n} AS n) WHERE {row}.withdrawn = 0 "
        f"ON CONFLICT (week, cadre_id) DO UPDATE SET {added};"
    )


# PostgreSQL: one statement-level trigger per kind of write, folding all the rows a statement (a
# rebuild's COPY of a thousand entries, a save's one) wrote at once. The function finds the week
# table beside the entry table it fires for (a rebuild builds both under other names, and renames
# them when it is done), so its body names neither.
_PG_FOLD = """CREATE OR REPLACE FUNCTION study_weeks_fold() RETURNS trigger LANGUAGE plpgsql AS $fold$
DECLARE
  weeks text := quote_ident(TG_TABLE_SCHEMA) || '.' || quote_ident(regexp_replace(TG_TABLE_NAME, '_entries$', '_weeks'));
  changed text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    changed := 'SELECT occurred_on, cadre_id, minutes FROM added WHERE withdrawn = 0';
  ELSIF TG_OP = 'DELETE' THEN
    changed := 'SELECT occurred_on, cadre_id, -minutes FROM removed WHERE withdrawn = 0';
  ELSE
    changed := 'SELECT occurred_on, cadre_id, minutes FROM added WHERE withdrawn = 0 '
      'UNION ALL SELECT occurred_on, cadre_id, -minutes FROM removed WHERE withdrawn = 0';
  END IF;
  EXECUTE 'INSERT INTO ' || weeks || ' AS w (week, cadre_id, DAYS) '
    'SELECT e.n - mod(e.n, 7), e.cadre_id, SUMS '
    'FROM (SELECT DAY AS n, cadre_id, minutes FROM (' || changed || ') AS c (occurred_on, cadre_id, minutes)) AS e '
    'GROUP BY 1, 2 ON CONFLICT (week, cadre_id) DO UPDATE SET ADDED';
  RETURN NULL;
END $fold$"""
for _name, _value in {
    "DAYS": DAYS,
    "SUMS": ", ".join(f"SUM(CASE mod(e.n, 7) WHEN {n} THEN e.minutes ELSE 0 END)" for n in range(7)),
    "ADDED": ", ".join(f"d{n} = w.d{n} + excluded.d{n}" for n in range(7)),
    "DAY": PG_DAY.format(day="occurred_on").replace("'", "''"),
}.items():
    _PG_FOLD = _PG_FOLD.replace(_name, _value)

WEEKS_KEPT_SQLITE = (
    "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'study_entries' "
    "AND name LIKE 'study_weeks_changed%'"
)
WEEKS_KEPT_PG = "SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass('study_entries') AND tgname = 'study_weeks_added'"
"""A row when `study_weeks` is kept (its triggers are on the entries' table): not so for a rebuild's
tables while it replays, nor for tables made without the pages' indexes (a day's version in time travel)."""


def _weeks_of_entries(postgres: bool, which: str = "", *, onto: bool = False) -> str:
    """The statement that adds up the entries not withdrawn (those `which` names too: a condition
    ending in AND) into their weeks: inserted as new rows, or added `onto` the rows already there."""
    n = (PG_DAY if postgres else SQLITE_DAY).format(day="occurred_on")
    mod = "mod(n, 7)" if postgres else "n % 7"
    sums = ", ".join(f"SUM(CASE {mod} WHEN {d} THEN minutes ELSE 0 END)" for d in range(7))
    # On SQLite the inner query keeps a LIMIT (of none) so that it is not merged into the outer one: merged,
    # every use of `n` parses the entry's day again (ten times a row: 1.45 s at a million, 0.97 s unmerged).
    whole = "" if postgres else " LIMIT -1"
    added = ", ".join(f"d{d} = d{d} + excluded.d{d}" for d in range(7))
    return (
        f"INSERT INTO study_weeks (week, cadre_id, {DAYS}) SELECT n - {mod}, cadre_id, {sums} "
        f"FROM (SELECT {n} AS n, cadre_id, minutes FROM study_entries WHERE {which}withdrawn = 0{whole}) AS e "
        "GROUP BY 1, 2" + (f" ON CONFLICT (week, cadre_id) DO UPDATE SET {added}" if onto else "")
    )


_SQLITE_ADDED = _weeks_of_entries(False, "rowid > last_insert_rowid() - ? AND ", onto=True)
"""SQLite: the entries just inserted (a group a page sends, or one) added to their weeks in one
statement, where the weeks are kept (a row trigger cost a bulk import some 15%)."""

_PG_TRIGGERS = {
    "study_weeks_added": "AFTER INSERT ON study_entries REFERENCING NEW TABLE AS added",
    "study_weeks_changed": "AFTER UPDATE ON study_entries REFERENCING OLD TABLE AS removed NEW TABLE AS added",
    "study_weeks_removed": "AFTER DELETE ON study_entries REFERENCING OLD TABLE AS removed",
}


class StudyProjection(Projection):
    """Every study entry as it stands now (withdrawn ones flagged, not removed), and each cadre's
    study minutes per day, a row per week (`study_weeks`: the week's Monday, as days from EPOCH, then
    Monday's to Sunday's minutes of the entries not withdrawn).

    The weeks are kept by the database itself (triggers on `study_entries`), in the statement that
    writes the entries: an amended or withdrawn entry moves its minutes out of its week in the same
    transaction, and the handlers stay what they were. SQLite has no trigger that fires once a
    statement: there, new entries are added to their weeks right after each group of them is
    inserted (`after_insert`), and the triggers follow the entries changed or removed. A rebuild
    replays without them and the weeks are added up in one pass afterwards (`create`). A quarter's trend (eighteen months: about 300,000
    entries at a million events) reads some 64,000 week rows."""

    name = "study"
    title = "record.StudyEntry"
    tables = {
        "study_entries": "id TEXT PRIMARY KEY, cadre_id TEXT NOT NULL, occurred_on TEXT NOT NULL, "
        "minutes INTEGER NOT NULL, material TEXT, mode TEXT, withdrawn INTEGER NOT NULL DEFAULT 0, "
        "recorded_at TEXT, recorded_by TEXT, version INTEGER, position INTEGER, place TEXT NOT NULL DEFAULT ''",
        "study_weeks": "week INTEGER NOT NULL, cadre_id TEXT NOT NULL, "
        + ", ".join(f"d{n} INTEGER NOT NULL DEFAULT 0" for n in range(7))
        + ", PRIMARY KEY (week, cadre_id)",
    }
    after_insert = {"study_entries": (WEEKS_KEPT_SQLITE, _SQLITE_ADDED)}
    indexes = (
        # covers the compliance count: day, cadre, minutes, withdrawn, without touching the table; and
        # serves every look-up by day (and cadre) too (an index on (occurred_on, cadre_id) alone went
        # unchosen beside it, and cost a rebuild a sorted pass of its own)
        "CREATE INDEX IF NOT EXISTS study_entries_compliance ON study_entries (occurred_on, cadre_id, withdrawn, minutes)",
    )

    def create(self, db: Db, *, indexes: bool = True) -> None:
        if not db.postgres:  # on SQLite the rows are kept in their key's order: a span of weeks is one range read
            db.execute(f"CREATE TABLE IF NOT EXISTS study_weeks ({self.tables['study_weeks']}) WITHOUT ROWID")
        super().create(db, indexes=indexes)
        # Read models built before StudyEntry.Recorded v2 have no place column: add it ("" as upcasting gives).
        db.execute("SELECT * FROM study_entries LIMIT 0")
        columns = getattr(db.cursor, "sqlite_cursor", db.cursor).description
        if "place" not in [column[0] for column in columns]:
            db.execute("ALTER TABLE study_entries ADD COLUMN place TEXT NOT NULL DEFAULT ''")
        # A rebuild's tables (built beside the live ones, without the pages' indexes) get no triggers: its
        # replay writes the entries alone, as fast as before. Their weeks are added up in one pass when the
        # rebuild's tables take the live ones' place (`ProjectionRunner.rebuild` creates them again), as
        # those of a read model made before the weeks were kept when it is next opened; where they are not
        # kept the trend reads the entries (`queries._days_met`).
        if indexes and not db.scalar(WEEKS_KEPT_PG if db.postgres else WEEKS_KEPT_SQLITE):
            db.execute("DELETE FROM study_weeks")
            self._sum_weeks(db)
            self._keep_weeks(db)
        elif not db.postgres:
            # A store whose weeks were kept by a row trigger on insert as well: `after_insert` does that now.
            for r in db.rows(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'study_entries' "
                "AND name LIKE 'study_weeks_added%'"
            ):
                db.execute(f"DROP TRIGGER {r['name']}")

    @staticmethod
    def _keep_weeks(db: Db) -> None:
        """The triggers that keep `study_weeks`, unless the entries' table has them already."""
        if db.postgres:
            have = {
                r["tgname"]
                for r in db.rows("SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass('study_entries')")
            }
            if have >= set(_PG_TRIGGERS):
                return
            db.execute(_PG_FOLD)
            for name, when in _PG_TRIGGERS.items():
                if name not in have:
                    db.execute(f"CREATE TRIGGER {name} {when} FOR EACH STATEMENT EXECUTE FUNCTION study_weeks_fold()")
            return
        # SQLite names triggers in one namespace and keeps a trigger's name when its table is renamed
        # (a rebuild's tables are): each set of triggers gets a name of its own.
        for r in db.rows("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'study_entries'"):
            if r["name"].startswith("study_weeks_"):
                db.execute(f"DROP TRIGGER {r['name']}")
        mark = uuid4().hex[:12]
        db.execute(
            f"CREATE TRIGGER study_weeks_changed_{mark} AFTER UPDATE OF cadre_id, occurred_on, minutes, withdrawn "
            f"ON study_entries BEGIN {_sqlite_fold('OLD', '-')} {_sqlite_fold('NEW', '')} END"
        )
        db.execute(
            f"CREATE TRIGGER study_weeks_removed_{mark} AFTER DELETE ON study_entries BEGIN {_sqlite_fold('OLD', '-')} END"
        )

    @staticmethod
    def _sum_weeks(db: Db) -> None:
        db.execute(_weeks_of_entries(db.postgres))

    @handles(StudyEntry.Recorded)
    def recorded(self, db: Db, e: StudyEntry.Recorded, position: int) -> None:
        db.insert(
            "study_entries",
            (
                e.originator_id.hex,
                e.cadre_id.hex,
                e.occurred_on.isoformat(),
                e.minutes,
                e.material,
                e.mode,
                0,
                e.timestamp.isoformat(),
                e.by.account,
                e.originator_version,
                position,
                e.place,
            ),
        )

    @handles_stored(StudyEntry.Recorded)
    def recorded_as_stored(self, db: Db, e: Stored, position: int) -> None:
        """The same row as `recorded`, read from the stored payload (a rebuild reads a million of them)."""
        state = e.state
        db.insert(
            "study_entries",
            (
                e.originator_hex,
                state["cadre_id"]["_data_"],
                state["occurred_on"]["_data_"],
                state["minutes"],
                state["material"],
                state["mode"],
                0,
                state["timestamp"]["_data_"],
                state["by"]["_data_"]["account"],
                e.originator_version,
                position,
                state.get("place", ""),  # StudyEntry.Recorded v1 had none: "" as its upcasting gives
            ),
        )

    @handles(StudyEntry.Amended)
    def amended(self, db: Db, e: StudyEntry.Amended, position: int) -> None:
        changes = {
            k: (v.isoformat() if isinstance(v, date) else v)
            for k, v in e.changes.items()
            if k in ("occurred_on", "minutes", "material", "mode", "place")
        }
        sets = "".join(f"{k}=?, " for k in changes)
        db.execute(
            f"UPDATE study_entries SET {sets}version=?, position=? WHERE id=?",
            (*changes.values(), e.originator_version, position, e.originator_id.hex),
        )

    @handles(StudyEntry.Withdrawn)
    def withdrawn(self, db: Db, e: StudyEntry.Withdrawn, position: int) -> None:
        db.execute(
            "UPDATE study_entries SET withdrawn=1, version=?, position=? WHERE id=?",
            (e.originator_version, position, e.originator_id.hex),
        )
