"""The four-strong team (四强队伍): daily study, the study notebook, the annual paper, training
and study tours, four-strong evaluations, versioned scoring rules, and each cadre's profile.

One package per record (`daily`, `notebook`, `paper`, `training`, `evaluation`, `rules`,
`profile`), each laid out as a plugin is: commands, services, projections, queries, pages and
locale. What they share is in `kit.py` (and `ui.py` for pages); every aggregate is in `domain.py`.
Pages and the overview's figures are named as "module:function": only queries and pages load
pandas, altair and Streamlit, and only when they are used."""

from culture_ledger.registry import Gap, Indicator, Page, Plugin, Ranking, Todo
from culture_ledger.rights import roles_that_may
from plugins.study.daily.commands import AmendStudy, RecordStudy, WithdrawStudy
from plugins.study.daily.projections import StudyProjection
from plugins.study.daily.services import StudyService
from plugins.study.daily.sheets import DAILY
from plugins.study.demo import seed, seed_at_scale
from plugins.study.domain import (
    AnnualPaper,
    Evaluation,
    NotebookEntry,
    RuleSet,
    SelfAssessment,
    StudyDay,
    StudyEntry,
    StudyTour,
    TrainingSession,
)
from plugins.study.evaluation.commands import AmendEvaluation, ScoreCadre, WriteSelfAssessment
from plugins.study.evaluation.deadlines import EVALUATION_DUE
from plugins.study.evaluation.projections import EvaluationProjection
from plugins.study.evaluation.services import FourStrongService
from plugins.study.kit import Withdraw
from plugins.study.locale import TRANSLATIONS
from plugins.study.notebook.commands import AmendNote, WriteNote
from plugins.study.notebook.projections import NotebookProjection
from plugins.study.notebook.services import NotebookService
from plugins.study.notebook.sheets import NOTEBOOK
from plugins.study.paper.commands import AmendPaper, DraftPaper, PublishPaper, RecommendPaper, ReviewPaper
from plugins.study.paper.deadlines import PAPER_DUE
from plugins.study.paper.projections import PaperProjection
from plugins.study.paper.services import PaperService
from plugins.study.rules.commands import PublishRules
from plugins.study.rules.projections import RulesProjection
from plugins.study.rules.services import RuleService
from plugins.study.training.commands import (
    AddAttendance,
    EnrolTrainees,
    FileTourReport,
    RecordStudyTour,
    RecordTraining,
)
from plugins.study.training.projections import StudyTourProjection, TrainingProjection
from plugins.study.training.services import TrainingService
from plugins.study.training.sheets import TRAINING

plugin = Plugin(
    id="study",
    title="plugin.study",
    aggregates=(
        StudyEntry,
        StudyDay,
        NotebookEntry,
        AnnualPaper,
        TrainingSession,
        StudyTour,
        Evaluation,
        SelfAssessment,
        RuleSet,
    ),
    commands=(
        RecordStudy,
        AmendStudy,
        WithdrawStudy,
        WriteNote,
        AmendNote,
        Withdraw,
        DraftPaper,
        AmendPaper,
        ReviewPaper,
        RecommendPaper,
        PublishPaper,
        RecordTraining,
        AddAttendance,
        EnrolTrainees,
        RecordStudyTour,
        FileTourReport,
        ScoreCadre,
        AmendEvaluation,
        WriteSelfAssessment,
        PublishRules,
    ),
    projections=(
        StudyProjection,
        NotebookProjection,
        PaperProjection,
        TrainingProjection,
        StudyTourProjection,
        EvaluationProjection,
        RulesProjection,
    ),
    services={
        "study": StudyService,
        "notebook": NotebookService,
        "papers": PaperService,
        "training": TrainingService,
        "four_strong": FourStrongService,
        "study_rules": RuleService,
    },
    pages=(
        Page(
            "study-record",
            "page.study_record",
            "plugins.study.daily.pages:record_page",
            icon=":material/edit_note:",
            roles=roles_that_may("record"),
        ),
        Page(
            "study-compliance",
            "page.study_compliance",
            "plugins.study.daily.pages:compliance_page",
            icon=":material/bar_chart:",
            roles=roles_that_may("oversee"),
        ),
        Page(
            "study-notebook",
            "page.study_notebook",
            "plugins.study.notebook.pages:notebook_page",
            icon=":material/menu_book:",
        ),
        Page("study-paper", "page.study_paper", "plugins.study.paper.pages:paper_page", icon=":material/article:"),
        Page(
            "study-training",
            "page.study_training",
            "plugins.study.training.pages:training_page",
            icon=":material/school:",
        ),
        Page(
            "study-evaluation",
            "page.study_evaluation",
            "plugins.study.evaluation.pages:evaluation_page",
            icon=":material/star:",
        ),
        Page(
            "study-profile", "page.study_profile", "plugins.study.profile.pages:profile_page", icon=":material/badge:"
        ),
        Page(
            "study-rules",
            "page.study_rules",
            "plugins.study.rules.pages:rules_page",
            icon=":material/rule:",
            roles=roles_that_may("oversee"),
        ),
    ),
    indicators=(  # the overview's figures: each record's queries, imported when first drawn
        Indicator(
            "study_compliance",
            "study.daily.metric.share",
            "study.daily.definition.compliance",
            "plugins.study.daily.queries:compliance_share",
            unit="percent",
            records="plugins.study.daily.queries:compliance_records",
            events="plugins.study.daily.queries:compliance_entries",
            # each cadre's working days on target, of the working days so far
            rank=Ranking(
                unit="person", aggregate="rate", measure="days_met", out_of="rule_days", header="study.daily.rank.rate"
            ),
            columns={
                "name": "study.daily.col.name",
                "department": "study.daily.col.department",
                "minutes": "study.daily.col.minutes",
                "days_met": "study.daily.col.days_met",
                "rule_days": "study.daily.col.rule_days",
                "meets": "study.daily.col.meets",
            },
            labels={"meets": "yesno"},
        ),
        Indicator(
            "notebook_per_cadre",
            "study.notebook.metric.per_cadre",
            "study.notebook.definition.per_cadre",
            "plugins.study.notebook.queries:notebook_per_cadre",
            unit="count",
            records="plugins.study.notebook.queries:notebook_records",
            # the figure's own measure: entries written, here per cadre
            rank=Ranking(unit="person", aggregate="count", header="study.notebook.rank.entries"),
            columns={
                "occurred_on": "study.notebook.col.occurred_on",
                "name": "study.notebook.col.name",
                "kind": "study.notebook.col.kind",
                "title": "study.notebook.col.title",
                "length": "study.notebook.col.length",
            },
            labels={"kind": "study.notebook.kind"},
        ),
        Indicator(
            "paper_submission_rate",
            "study.paper.metric.rate",
            "study.paper.definition.rate",
            "plugins.study.paper.queries:paper_submission_rate",
            unit="percent",
            records="plugins.study.paper.queries:paper_records",
            # one paper a year: a cadre has submitted or not, so departments are compared
            rank=Ranking(
                unit="department",
                aggregate="rate",
                measure="submitted",
                header="study.paper.rank.rate",
                rows="plugins.study.paper.queries:paper_roll",
            ),
            columns={
                "name": "study.paper.col.name",
                "department": "study.paper.col.department",
                "title": "study.paper.col.title",
                "state": "study.paper.col.state",
                "grade": "study.paper.col.grade",
                "missing": "study.paper.col.missing",
            },
            labels={"state": "study.paper.state", "grade": "study.paper.grade", "missing": "yesno"},
        ),
        Indicator(
            "training_hours_per_cadre",
            "study.training.metric.hours_per_cadre",
            "study.training.definition.hours_per_cadre",
            "plugins.study.training.queries:training_hours_per_cadre",
            unit="hours",
            records="plugins.study.training.queries:training_records",
            # each cadre's hours, from the sessions they attended
            rank=Ranking(
                unit="person",
                aggregate="sum",
                measure="hours",
                header="study.training.rank.hours",
                rows="plugins.study.training.queries:training_attendance",
            ),
            columns={
                "title": "study.training.col.title",
                "level": "study.training.col.level",
                "occurred_on": "study.training.col.occurred_on",
                "hours": "study.training.col.hours",
                "attendees": "study.training.col.attendees",
            },
            labels={"level": "study.training.level"},
        ),
        Indicator(
            "four_strong_average",
            "study.evaluation.metric.average",
            "study.evaluation.definition.average",
            "plugins.study.evaluation.queries:four_strong_average",
            unit="score",
            records="plugins.study.evaluation.queries:four_strong_records",
            # each cadre's average of the four scores over the evaluations of the period
            rank=Ranking(unit="person", aggregate="average", measure="average", header="study.evaluation.rank.average"),
            columns={
                "name": "study.evaluation.col.name",
                "period": "study.evaluation.col.period",
                "evaluator": "study.evaluation.col.evaluator",
                "ideology": "study.evaluation.col.ideology",
                "proficiency": "study.evaluation.col.proficiency",
                "conduct": "study.evaluation.col.conduct",
                "fairness": "study.evaluation.col.fairness",
                "average": "study.evaluation.col.average",
            },
            labels={"evaluator": "person"},
        ),
    ),
    translations=TRANSLATIONS,
    demo=seed,
    demo_at_scale=seed_at_scale,
    gaps=(
        Gap(
            "study_not_met_this_week",
            "study.daily.gap.not_met",
            "plugins.study.daily.queries:not_meeting_daily_rule",
            period="week",
        ),
        Gap(
            "study_paper_overdue", "study.paper.gap.overdue", "plugins.study.paper.todos:papers_overdue", period="year"
        ),
    ),
    sheets=(DAILY, NOTEBOOK, TRAINING),
    todos=(  # what each record asks of people's day: a leader's reviews, a staff member's own part, an admin's setup
        Todo(
            "study.papers",
            "study.paper.todo.source",
            "plugins.study.paper.todos:awaiting_grade",
            roles=roles_that_may("evaluate"),
        ),
        Todo(
            "study.evaluations",
            "study.evaluation.todo.source",
            "plugins.study.evaluation.todos:due_this_quarter",
            roles=roles_that_may("evaluate"),
        ),
        Todo("study.daily", "study.daily.todo.title", "plugins.study.daily.todos:daily_tasks", roles=("staff",)),
        Todo("study.points", "study.rules.points.todo.title", "plugins.study.rules.todos:own_points"),
        Todo(
            "study.notebook",
            "study.notebook.todo.title",
            "plugins.study.notebook.todos:notebook_tasks",
            roles=("staff",),
        ),
        Todo("study.paper", "study.paper.todo.title", "plugins.study.paper.todos:paper_tasks", roles=("staff",)),
        Todo(
            "study.training",
            "study.training.todo.title",
            "plugins.study.training.todos:training_tasks",
            roles=("staff",),
        ),
        Todo(
            "study.evaluation",
            "study.evaluation.todo.title",
            "plugins.study.evaluation.todos:self_assessment_tasks",
            roles=("staff",),
        ),
        Todo(
            "study.rules",
            "study.rules.todo.title",
            "plugins.study.rules.todos:rules_unset",
            roles=roles_that_may("admin"),
        ),
    ),
    deadlines=(PAPER_DUE, EVALUATION_DUE),
)
