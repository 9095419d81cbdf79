"""The carrier kit (`carrier`): what every carrier (载体) shares, the five built-in ones and any
that comes from outside.

The activity record (title, date, place, organiser, 应到/实到/缺席, agenda, outcome, ideas,
evidence files), its service (`ledger.activities`: record, correct, review), its read model,
the files behind any other record (`plugins.carrier.files`: checked, content-addressed, verified),
the carrier page skeleton (`plugins.carrier.ui`) and the words every carrier uses. A carrier
plugin declares itself with `Plugin(carrier=Carrier(kinds=...))` and keeps its own records.
"""

from culture_ledger.registry import Plugin, Todo
from culture_ledger.rights import roles_that_may
from domain.activity import Activity
from plugins.carrier.commands import RecordActivity
from plugins.carrier.files import RecordFilesProjection
from plugins.carrier.locale import TRANSLATIONS
from plugins.carrier.projections import ActivitiesProjection
from plugins.carrier.services import ActivityService

plugin = Plugin(
    id="carrier",
    title="plugin.carrier",
    aggregates=(Activity,),
    commands=(RecordActivity,),
    projections=(ActivitiesProjection, RecordFilesProjection),
    services={"activities": ActivityService},
    translations=TRANSLATIONS,
    sheets="plugins.carrier.sheets:activity_sheets",
    todos=(
        Todo(
            "carrier.review",
            "carrier.todo.review_source",
            "plugins.carrier.todos:awaiting_review",
            roles=roles_that_may("review"),
            decide="plugins.carrier.todos:decide",
        ),
        Todo(
            "carrier.returned",
            "carrier.todo.returned_source",
            "plugins.carrier.todos:returned_to_me",
            roles=roles_that_may("record"),
        ),
    ),
)
