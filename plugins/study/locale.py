"""The study plugin's words: its title, then each record's own (`plugins/study/<record>/locale.py`,
under `study.<record>.*`). No record may define a key another defines."""

from plugins.study.daily import locale as daily
from plugins.study.evaluation import locale as evaluation
from plugins.study.notebook import locale as notebook
from plugins.study.paper import locale as paper
from plugins.study.profile import locale as profile
from plugins.study.rules import locale as rules
from plugins.study.training import locale as training

RECORDS = (daily, notebook, paper, training, evaluation, rules, profile)


def _merged(lang: str, own: dict[str, str]) -> dict[str, str]:
    merged = dict(own)
    for record in RECORDS:
        words = getattr(record, lang)
        twice = sorted(set(merged) & set(words))
        if twice:
            raise ValueError(f"{record.__name__} defines {twice} again")
        merged.update(words)
    return merged


EVENTS_ZH = {
    "record.AnnualPaper": "年度文章",
    "record.Evaluation": "四强测评",
    "record.NotebookEntry": "学习笔记",
    "record.RuleSet": "积分规则",
    "record.SelfAssessment": "个人自评",
    "record.StudyEntry": "日学一时",
    "record.StudyDay": "学习日",
    "record.StudyTour": "赴外考察",
    "record.TrainingSession": "业务培训",
    "event.AnnualPaper.Amended": "年度文章已更正",
    "event.AnnualPaper.FilesAttached": "年度文章已附上文件",
    "event.AnnualPaper.Created": "年度文章已创建",
    "event.AnnualPaper.Drafted": "年度文章已起草",
    "event.AnnualPaper.Published": "年度文章已发表",
    "event.AnnualPaper.Recommended": "年度文章已推荐",
    "event.AnnualPaper.Reviewed": "年度文章已评定",
    "event.AnnualPaper.Submitted": "年度文章已提交",
    "event.AnnualPaper.Withdrawn": "年度文章已撤回",
    "event.Evaluation.Amended": "四强测评已更正",
    "event.Evaluation.Created": "四强测评已创建",
    "event.Evaluation.Scored": "四强测评已评分",
    "event.Evaluation.Withdrawn": "四强测评已撤回",
    "event.NotebookEntry.Amended": "学习笔记已更正",
    "event.NotebookEntry.FilesAttached": "学习笔记已附上文件",
    "event.NotebookEntry.Created": "学习笔记已创建",
    "event.NotebookEntry.Recorded": "学习笔记已登记",
    "event.NotebookEntry.Withdrawn": "学习笔记已撤回",
    "event.RuleSet.Amended": "积分规则已更正",
    "event.RuleSet.Created": "积分规则已创建",
    "event.RuleSet.Published": "积分规则已发布",
    "event.RuleSet.Withdrawn": "积分规则已撤回",
    "event.SelfAssessment.Amended": "个人自评已更正",
    "event.SelfAssessment.Created": "个人自评已创建",
    "event.SelfAssessment.Withdrawn": "个人自评已撤回",
    "event.SelfAssessment.Written": "个人自评已填写",
    "event.StudyDay.Counted": "学习日已计入学习",
    "event.StudyDay.Created": "学习日已创建",
    "event.StudyDay.Opened": "学习日已开始计时",
    "event.StudyEntry.Amended": "日学一时学习已更正",
    "event.StudyEntry.Created": "日学一时学习已创建",
    "event.StudyEntry.Recorded": "日学一时学习已登记",
    "event.StudyEntry.Withdrawn": "日学一时学习已撤回",
    "event.StudyTour.Amended": "赴外考察已更正",
    "event.StudyTour.FilesAttached": "赴外考察已附上文件",
    "event.StudyTour.Created": "赴外考察已创建",
    "event.StudyTour.Recorded": "赴外考察已登记",
    "event.StudyTour.ReportFiled": "赴外考察报告已提交",
    "event.StudyTour.Withdrawn": "赴外考察已撤回",
    "event.TrainingSession.Amended": "业务培训已更正",
    "event.TrainingSession.Attended": "业务培训已登记参训人员",
    "event.TrainingSession.Created": "业务培训已创建",
    "event.TrainingSession.Recorded": "业务培训已登记",
    "event.TrainingSession.TraineesEnrolled": "业务培训已登记外单位学员",
    "event.TrainingSession.Withdrawn": "业务培训已撤回",
}

EVENTS_EN = {
    "record.AnnualPaper": "Annual paper",
    "record.Evaluation": "Four-strong evaluation",
    "record.NotebookEntry": "Notebook entry",
    "record.RuleSet": "Scoring rules",
    "record.SelfAssessment": "Self-assessment",
    "record.StudyEntry": "Daily study",
    "record.StudyDay": "Study day",
    "record.StudyTour": "Study tour",
    "record.TrainingSession": "Training",
    "event.AnnualPaper.Amended": "Annual paper amended",
    "event.AnnualPaper.FilesAttached": "Annual paper: files attached",
    "event.AnnualPaper.Created": "Annual paper created",
    "event.AnnualPaper.Drafted": "Annual paper drafted",
    "event.AnnualPaper.Published": "Annual paper published",
    "event.AnnualPaper.Recommended": "Annual paper recommended",
    "event.AnnualPaper.Reviewed": "Annual paper graded",
    "event.AnnualPaper.Submitted": "Annual paper submitted",
    "event.AnnualPaper.Withdrawn": "Annual paper withdrawn",
    "event.Evaluation.Amended": "Four-strong evaluation amended",
    "event.Evaluation.Created": "Four-strong evaluation created",
    "event.Evaluation.Scored": "Four-strong evaluation scored",
    "event.Evaluation.Withdrawn": "Four-strong evaluation withdrawn",
    "event.NotebookEntry.Amended": "Notebook entry amended",
    "event.NotebookEntry.FilesAttached": "Notebook entry: files attached",
    "event.NotebookEntry.Created": "Notebook entry created",
    "event.NotebookEntry.Recorded": "Notebook entry recorded",
    "event.NotebookEntry.Withdrawn": "Notebook entry withdrawn",
    "event.RuleSet.Amended": "Scoring rules amended",
    "event.RuleSet.Created": "Scoring rules created",
    "event.RuleSet.Published": "Scoring rules published",
    "event.RuleSet.Withdrawn": "Scoring rules withdrawn",
    "event.SelfAssessment.Amended": "Self-assessment amended",
    "event.SelfAssessment.Created": "Self-assessment created",
    "event.SelfAssessment.Withdrawn": "Self-assessment withdrawn",
    "event.SelfAssessment.Written": "Self-assessment written",
    "event.StudyDay.Counted": "Study counted in the day",
    "event.StudyDay.Created": "Study day created",
    "event.StudyDay.Opened": "Study day opened",
    "event.StudyEntry.Amended": "Daily study amended",
    "event.StudyEntry.Created": "Daily study created",
    "event.StudyEntry.Recorded": "Daily study recorded",
    "event.StudyEntry.Withdrawn": "Daily study withdrawn",
    "event.StudyTour.Amended": "Study tour amended",
    "event.StudyTour.FilesAttached": "Study tour: files attached",
    "event.StudyTour.Created": "Study tour created",
    "event.StudyTour.Recorded": "Study tour recorded",
    "event.StudyTour.ReportFiled": "Study tour report filed",
    "event.StudyTour.Withdrawn": "Study tour withdrawn",
    "event.TrainingSession.Amended": "Training amended",
    "event.TrainingSession.Attended": "Training attendance recorded",
    "event.TrainingSession.Created": "Training created",
    "event.TrainingSession.Recorded": "Training recorded",
    "event.TrainingSession.TraineesEnrolled": "Training trainees from other offices recorded",
    "event.TrainingSession.Withdrawn": "Training withdrawn",
}
"""The names of the study records' event types and kinds of record (`culture_ledger.events`)."""

ZH = _merged("ZH", {"plugin.study": "四强队伍", **EVENTS_ZH})
EN = _merged("EN", {"plugin.study": "Four-strong team", **EVENTS_EN})

TRANSLATIONS = {"zh": ZH, "en": EN}
