"""The four-strong team (四强队伍): daily study, the study notebook, the annual paper, training
and study tours, four-strong evaluations, versioned scoring rules, and each cadre's profile."""

from culture_ledger.registry import Gap, Indicator, Page, Plugin
from plugins.study.commands import (AddAttendance, AmendEvaluation, AmendNote, AmendPaper, AmendStudy, DraftPaper,
                                    FileTourReport, PublishPaper, PublishRules, RecommendPaper, RecordStudy,
                                    RecordStudyTour, RecordTraining, ReviewPaper, ScoreCadre, Withdraw, WithdrawStudy,
                                    WriteNote, WriteSelfAssessment)
from plugins.study.demo import seed, seed_at_scale
from plugins.study.domain import (AnnualPaper, Evaluation, NotebookEntry, RuleSet, SelfAssessment, StudyEntry,
                                  StudyTour, TrainingSession)
from plugins.study.locale import TRANSLATIONS
from plugins.study.projections import StudyProjection
from plugins.study.services import (FourStrongService, NotebookService, PaperService, RuleService, StudyService,
                                    TrainingService)
from plugins.study.team_projections import (EvaluationProjection, NotebookProjection, PaperProjection,
                                            RulesProjection, StudyTourProjection, TrainingProjection)

STAFF = ("staff", "leader", "admin")
P, Q = "plugins.study.projections:", "plugins.study.team_queries:"  # the overview's figures, imported when drawn
LEADERS = ("leader", "auditor", "admin")

plugin = Plugin(
    id="study",
    title="plugin.study",
    aggregates=(StudyEntry, NotebookEntry, AnnualPaper, TrainingSession, StudyTour, Evaluation, SelfAssessment, RuleSet),
    commands=(RecordStudy, AmendStudy, WithdrawStudy, WriteNote, AmendNote, Withdraw, DraftPaper, AmendPaper,
              ReviewPaper, RecommendPaper, PublishPaper, RecordTraining, AddAttendance, RecordStudyTour,
              FileTourReport, ScoreCadre, AmendEvaluation, WriteSelfAssessment, PublishRules),
    projections=(StudyProjection, NotebookProjection, PaperProjection, TrainingProjection, StudyTourProjection,
                 EvaluationProjection, RulesProjection),
    services={"study": StudyService, "notebook": NotebookService, "papers": PaperService, "training": TrainingService,
              "four_strong": FourStrongService, "study_rules": RuleService},
    pages=(
        Page("study-record", "page.study_record", "plugins.study.pages:record_page", icon=":material/edit_note:", roles=STAFF),
        Page("study-compliance", "page.study_compliance", "plugins.study.pages:compliance_page", icon=":material/bar_chart:",
             roles=LEADERS),
        Page("study-notebook", "page.study_notebook", "plugins.study.team_pages:notebook_page", icon=":material/menu_book:"),
        Page("study-paper", "page.study_paper", "plugins.study.team_pages:paper_page", icon=":material/article:"),
        Page("study-training", "page.study_training", "plugins.study.team_pages:training_page", icon=":material/school:"),
        Page("study-evaluation", "page.study_evaluation", "plugins.study.team_pages:evaluation_page", icon=":material/star:"),
        Page("study-profile", "page.study_profile", "plugins.study.team_pages:profile_page", icon=":material/badge:"),
        Page("study-rules", "page.study_rules", "plugins.study.team_pages:rules_page", icon=":material/rule:", roles=LEADERS),
    ),
    indicators=(
        Indicator("study_compliance", "study.metric.share", "study.definition.compliance", P + "compliance_share",
                  unit="percent", records=P + "compliance_records", events=P + "compliance_entries"),
        Indicator("notebook_per_cadre", "team.metric.notebook_per_cadre", "team.definition.notebook_per_cadre",
                  Q + "notebook_per_cadre", unit="count", records=Q + "notebook_records"),
        Indicator("paper_submission_rate", "team.metric.paper_rate", "team.definition.paper_rate",
                  Q + "paper_submission_rate", unit="percent", records=Q + "paper_records"),
        Indicator("training_hours_per_cadre", "team.metric.training_hours", "team.definition.training_hours",
                  Q + "training_hours_per_cadre", unit="hours", records=Q + "training_records"),
        Indicator("four_strong_average", "team.metric.four_strong", "team.definition.four_strong",
                  Q + "four_strong_average", unit="count", records=Q + "four_strong_records"),
    ),
    translations=TRANSLATIONS,
    demo=seed,
    demo_at_scale=seed_at_scale,
    gaps=(Gap("study_not_met_this_week", "study.gap.not_met", "plugins.study.gaps:not_meeting_daily_rule", period="week"),),
)
