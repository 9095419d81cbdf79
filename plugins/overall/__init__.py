"""服务大局 (`overall`): reform tasks (prefecture/county government institutional reform,
township station management reform, tasks the office adds) with milestones, and items of
service to the overall work tied to the ideas they serve. One of the five carriers."""

from culture_ledger.registry import Carrier, Page, Plugin
from plugins.overall.commands import (
    ACTIVITY_KINDS,
    AmendReformTask,
    PlanMilestone,
    RecordReformTask,
    ReportProgress,
    ServiceItem,
    WithdrawReformTask,
)
from plugins.overall.demo import seed
from plugins.overall.domain import ReformTask
from plugins.overall.locale import TRANSLATIONS
from plugins.overall.projections import INDICATORS, OverallProjection
from plugins.overall.services import OverallService

plugin = Plugin(
    id="overall",
    title="plugin.overall",
    aggregates=(ReformTask,),
    commands=(ServiceItem, RecordReformTask, PlanMilestone, ReportProgress, AmendReformTask, WithdrawReformTask),
    projections=(OverallProjection,),
    services={"overall": OverallService},
    pages=(
        Page(
            "overall",
            "page.overall",
            "plugins.overall.pages:carrier_page",
            icon=":material/account_balance:",
            section="nav.section.carriers",
        ),
    ),
    indicators=INDICATORS,
    translations=TRANSLATIONS,
    demo=seed,
    carrier=Carrier(kinds=ACTIVITY_KINDS),
)
