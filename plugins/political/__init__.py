"""政治坚定 (`political`): ideological education by theme, the 三争做 campaign (each cadre's
pledge and a leader's rating of it), and attendance. One of the five carriers (五大载体)."""

from culture_ledger.registry import Carrier, Gap, Page, Plugin, Todo
from culture_ledger.rights import roles_that_may
from plugins.political.commands import (
    ACTIVITY_KINDS,
    AmendPledge,
    EducationSession,
    RatePledge,
    RecordPledge,
    SanzhengzuoSession,
    WithdrawPledge,
)
from plugins.political.deadlines import PLEDGE_DUE
from plugins.political.demo import seed
from plugins.political.domain import Pledge
from plugins.political.locale import TRANSLATIONS
from plugins.political.projections import INDICATORS, PoliticalProjection
from plugins.political.services import PoliticalService

plugin = Plugin(
    id="political",
    title="plugin.political",
    aggregates=(Pledge,),
    commands=(EducationSession, SanzhengzuoSession, RecordPledge, AmendPledge, WithdrawPledge, RatePledge),
    projections=(PoliticalProjection,),
    services={"political": PoliticalService},
    pages=(
        Page(
            "political",
            "page.political",
            "plugins.political.pages:carrier_page",
            icon=":material/flag:",
            section="nav.section.carriers",
        ),
    ),
    indicators=INDICATORS,
    translations=TRANSLATIONS,
    todos=(
        Todo(
            "political.pledges",
            "political.todo.source",
            "plugins.political.todos:awaiting_rating",
            roles=roles_that_may("evaluate"),
        ),
        Todo("political.pledge", "political.todo.title", "plugins.political.todos:pledge_tasks", roles=("staff",)),
    ),
    demo=seed,
    carrier=Carrier(kinds=ACTIVITY_KINDS),
    deadlines=(PLEDGE_DUE,),
    gaps=(
        Gap(
            "political_pledge_overdue",
            "political.gap.pledge_overdue",
            "plugins.political.todos:pledges_overdue",
            period="year",
        ),
    ),
)
