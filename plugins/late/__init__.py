"""Late entries (补录): records written into the log later than their kind allows, by the store's
own clock (the chain's hashed appended-at), counted in working days. Flagged wherever records are
shown; the leaders' gap list lists them; the auditors' event browser filters them."""

from culture_ledger.registry import Gap, Plugin
from plugins.late.locale import TRANSLATIONS

plugin = Plugin(
    id="late",
    title="late.title",
    gaps=(
        Gap(
            "late_entries",
            "late.gap.title",
            "plugins.late.queries:gap_rows",
            columns={
                "record": "late.col.record",
                "kind": "late.col.kind",
                "person": "late.col.person",
                "occurred_on": "late.col.occurred_on",
                "appended_at": "late.col.appended_at",
                "delay": "late.col.delay",
            },
            labels={"kind": "late.kind", "person": "person", "appended_at": "moment"},
        ),
    ),
    translations=TRANSLATIONS,
)
