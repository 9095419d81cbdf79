"""The four-strong team (四强队伍): daily study now; notebooks, papers, training and evaluations next."""

from culture_ledger.registry import Gap, Indicator, Page, Plugin
from plugins.study import pages
from plugins.study.commands import AmendStudy, RecordStudy, WithdrawStudy
from plugins.study.demo import seed
from plugins.study.gaps import not_meeting_daily_rule
from plugins.study.domain import StudyEntry
from plugins.study.locale import TRANSLATIONS
from plugins.study.projections import StudyProjection, compliance_records, compliance_share
from plugins.study.services import StudyService

plugin = Plugin(
    id="study",
    title="plugin.study",
    aggregates=(StudyEntry,),
    commands=(RecordStudy, AmendStudy, WithdrawStudy),
    projections=(StudyProjection,),
    services={"study": StudyService},
    pages=(
        Page("study-record", "page.study_record", pages.record_page, icon=":material/edit_note:",
             roles=("staff", "leader", "admin")),
        Page("study-compliance", "page.study_compliance", pages.compliance_page, icon=":material/bar_chart:",
             roles=("leader", "auditor", "admin")),
    ),
    indicators=(
        Indicator("study_compliance", "study.metric.share", "study.definition.compliance", compliance_share,
                  unit="percent", records=compliance_records),
    ),
    translations=TRANSLATIONS,
    demo=seed,
    gaps=(Gap("study_not_met_this_week", "study.gap.not_met", not_meeting_daily_rule, period="week"),),
)
