"""The staffing ledger (机构编制): institutions, quotas and staff, the three ideas made measurable."""

from culture_ledger.registry import Gap, Indicator, Page, Plugin, Ranking, Todo
from culture_ledger.rights import record_rights, roles_that_may
from plugins.staffing.commands import (
    AbolishInstitution,
    AdjustQuota,
    AdjustTotalQuota,
    ApproveProposal,
    ChangePost,
    ClassifyPosts,
    EstablishInstitution,
    HireStaff,
    MergeInstitutions,
    ReallocateQuota,
    RecordDeparture,
    RegisterJurisdiction,
    RenameInstitution,
    ReturnProposal,
    SetOverQuotaPolicy,
    SetTalentPlan,
)
from plugins.staffing.demo import seed
from plugins.staffing.domain import Jurisdiction
from plugins.staffing.livelihood import (
    ClassInstitution,
    InstitutionSubfield,
    SubfieldProjection,
    SubfieldService,
    growth_records,
    headcount_growth,
    livelihood_records,
    livelihood_share,
)
from plugins.staffing.locale import TRANSLATIONS
from plugins.staffing.projections import (
    StaffingProjection,
    health_professional_records,
    health_professional_share,
    key_field_records,
    key_field_share,
    over_quota_count,
    over_quota_records,
    quota_use,
    ranked_institutions,
    standing_records,
    vacancy_count,
    vacancy_records,
)
from plugins.staffing.services import StaffingService
from plugins.staffing.sheets import STAFF

SECTION = "nav.section.staffing"

INSTITUTION_COLUMNS = {
    "name": "staffing.col.institution",
    "field": "staffing.col.field",
    "quota": "staffing.col.quota",
    "actual": "staffing.col.actual",
    "vacant": "staffing.col.vacant",
    "excess": "staffing.col.excess",
}
"""The institutions behind a staffing figure, as a leader reads them."""

GROWTH_COLUMNS = {
    "name": "staffing.col.institution",
    "field": "staffing.col.field",
    "people_then": "staffing.col.people_then",
    "people_now": "staffing.col.people_now",
    "growth": "staffing.col.growth",
    "quota_then": "staffing.col.quota_then",
    "quota_now": "staffing.col.quota_now",
}
"""人员膨胀: each institution's people and quota twelve months ago and now."""

plugin = Plugin(
    id="staffing",
    title="plugin.staffing",
    aggregates=(Jurisdiction, InstitutionSubfield),
    commands=(
        RegisterJurisdiction,
        AdjustTotalQuota,
        EstablishInstitution,
        AbolishInstitution,
        MergeInstitutions,
        RenameInstitution,
        ReallocateQuota,
        AdjustQuota,
        SetOverQuotaPolicy,
        SetTalentPlan,
        HireStaff,
        RecordDeparture,
        ChangePost,
        ClassInstitution,
        ApproveProposal,
        ReturnProposal,
        ClassifyPosts,
    ),
    projections=(StaffingProjection, SubfieldProjection),
    services={"staffing": StaffingService, "staffing_subfields": SubfieldService},
    pages=(
        Page(
            "staffing",
            "page.staffing_dashboard",
            "plugins.staffing.pages:dashboard_page",
            icon=":material/account_tree:",
            section=SECTION,
        ),
        Page(
            "staffing-decisions",
            "page.staffing_decisions",
            "plugins.staffing.pages:decisions_page",
            icon=":material/gavel:",
            roles=roles_that_may("record"),
            section=SECTION,
        ),
        Page(
            "staffing-staff",
            "page.staffing_staff",
            "plugins.staffing.pages:staff_page",
            icon=":material/badge:",
            roles=roles_that_may("record"),
            section=SECTION,
        ),
        Page(
            "staffing-plan",
            "page.staffing_plan",
            "plugins.staffing.pages:plan_page",
            icon=":material/school:",
            section=SECTION,
        ),
    ),
    indicators=(
        Indicator(
            "staffing_quota_use",
            "staffing.metric.use",
            "staffing.definition.use",
            quota_use,
            unit="percent",
            records=standing_records,
            # each institution's people on board of its quota
            rank=Ranking(
                unit="institution",
                aggregate="rate",
                measure="actual",
                out_of="quota",
                header="staffing.rank.use",
                rows=ranked_institutions(standing_records),
            ),
            columns=INSTITUTION_COLUMNS,
            labels={"field": "staffing.field_name"},
        ),
        Indicator(
            "staffing_key_field_share",
            "staffing.metric.key_share",
            "staffing.definition.key_share",
            key_field_share,
            unit="percent",
            records=key_field_records,
            rank=None,  # an institution is in a key field or not: nothing to rank
            columns=INSTITUTION_COLUMNS,
            labels={"field": "staffing.field_name"},
        ),
        Indicator(
            "staffing_livelihood_share",
            "staffing.metric.livelihood_share",
            "staffing.definition.livelihood_share",
            livelihood_share,
            unit="percent",
            records=livelihood_records,
            rank=None,  # an institution is in a livelihood field or not: nothing to rank
            columns=INSTITUTION_COLUMNS,
            labels={"field": "staffing.field_name"},
        ),
        Indicator(
            "staffing_headcount_growth",
            "staffing.metric.headcount_growth",
            "staffing.definition.headcount_growth",
            headcount_growth,
            unit="percent",
            records=growth_records,
            # the institutions whose people grew most in the twelve months
            rank=Ranking(
                unit="institution",
                aggregate="sum",
                measure="growth",
                header="staffing.rank.growth",
                rows=ranked_institutions(growth_records),
            ),
            columns=GROWTH_COLUMNS,
            labels={"field": "staffing.field_name"},
        ),
        Indicator(
            "staffing_over_quota",
            "staffing.metric.over_quota",
            "staffing.definition.over_quota",
            over_quota_count,
            unit="count",
            records=over_quota_records,
            # the institutions over quota, most people beyond their quota first
            rank=Ranking(
                unit="institution",
                aggregate="sum",
                measure="excess",
                header="staffing.rank.excess",
                rows=ranked_institutions(over_quota_records),
            ),
            columns=INSTITUTION_COLUMNS,
            labels={"field": "staffing.field_name"},
        ),
        Indicator(
            "staffing_vacancies",
            "staffing.metric.vacant",
            "staffing.definition.vacant",
            vacancy_count,
            unit="count",
            records=vacancy_records,
            # the institutions with vacant quota, most vacancies first
            rank=Ranking(
                unit="institution",
                aggregate="sum",
                measure="vacant",
                header="staffing.rank.vacant",
                rows=ranked_institutions(vacancy_records),
            ),
            columns=INSTITUTION_COLUMNS,
            labels={"field": "staffing.field_name"},
        ),
        Indicator(
            "staffing_health_professional_share",
            "staffing.metric.health_professional",
            "staffing.definition.health_professional",
            health_professional_share,
            unit="percent",
            records=health_professional_records,
            rank=None,  # a share of one field's quota: the institutions are its records, not ranked
            columns={**INSTITUTION_COLUMNS, "professional": "staffing.col.professional"},
            labels={"field": "staffing.field_name"},
        ),
    ),
    todos=(
        Todo(
            "staffing.plan",
            "staffing.todo.title",
            "plugins.staffing.todos:talent_plan_unset",
            roles=roles_that_may("admin"),
        ),
        Todo(
            "staffing.approvals",
            "staffing.todo.approvals",
            "plugins.staffing.todos:awaiting_approval",
            roles=record_rights("staffing_proposal").judge,
        ),
        Todo(
            "staffing.returned",
            "staffing.todo.returned",
            "plugins.staffing.todos:returned_to_proposer",
            roles=roles_that_may("record"),
        ),
    ),
    gaps=(
        Gap(
            "staffing_headcount_alert",
            "staffing.gap.headcount_alert",
            "plugins.staffing.livelihood:growth_alerts",
            columns=GROWTH_COLUMNS,
            labels={"field": "staffing.field_name"},
        ),
    ),
    translations=TRANSLATIONS,
    sheets=(STAFF,),
    demo=seed,
)
