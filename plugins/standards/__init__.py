"""规范高效 (`standards`): working rules adopted, revised and repealed; compliance cases of
mixed staffing, over-quota hiring and staff bloat from found to resolved; inspections; the
staffing ledger's over-quota signals where that plugin is installed. One of the five carriers."""

from culture_ledger.registry import Carrier, Page, Plugin
from plugins.standards.commands import (
    ACTIVITY_KINDS,
    AdoptRule,
    AmendRecord,
    Inspection,
    RecordCase,
    RepealRule,
    ResolveCase,
    ReviseRule,
    RuleStudy,
    WithdrawRecord,
)
from plugins.standards.demo import seed
from plugins.standards.domain import ComplianceCase, WorkingRule
from plugins.standards.locale import TRANSLATIONS
from plugins.standards.projections import INDICATORS, StandardsProjection
from plugins.standards.services import StandardsService

plugin = Plugin(
    id="standards",
    title="plugin.standards",
    aggregates=(WorkingRule, ComplianceCase),
    commands=(
        Inspection,
        RuleStudy,
        AdoptRule,
        ReviseRule,
        RepealRule,
        RecordCase,
        ResolveCase,
        AmendRecord,
        WithdrawRecord,
    ),
    projections=(StandardsProjection,),
    services={"standards": StandardsService},
    pages=(
        Page(
            "standards",
            "page.standards",
            "plugins.standards.pages:carrier_page",
            icon=":material/rule:",
            section="nav.section.carriers",
        ),
    ),
    indicators=INDICATORS,
    translations=TRANSLATIONS,
    demo=seed,
    carrier=Carrier(kinds=ACTIVITY_KINDS),
)
