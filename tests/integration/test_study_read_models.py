"""Every study read model can be dropped and rebuilt from the log to the same rows."""

from culture_ledger.periods import Period
from domain import clock
from tests.conftest import last_workday
from tests.integration.test_study_notebook import note
from tests.integration.test_study_paper import paper

THIS_QUARTER = Period.containing("quarter", clock.today()).code


def test_the_team_read_models_rebuild_to_the_same_rows(ledger, office, staff, leader, admin):
    ledger.notebook.write(note(office), staff)
    paper_id = ledger.papers.draft(paper(office), staff)
    ledger.papers.submit(paper_id, staff)
    ledger.papers.review(paper_id, {"grade": "pass", "comment": "合格"}, leader)
    start = last_workday()
    held = ledger.training.record_session(
        {
            "title": "培训",
            "organiser": "地委编办",
            "level": "internal",
            "occurred_on": start,
            "end_on": start,
            "hours": 2,
            "attendees": [office.li],
        },
        admin,
    )
    ledger.training.add_attendance(held, {"cadre_ids": [office.zhang]}, admin)  # the training register
    ledger.four_strong.score(
        {
            "cadre_id": office.li,
            "period": THIS_QUARTER,
            "ideology": 80,
            "proficiency": 80,
            "conduct": 80,
            "fairness": 80,
            "comment": "好",
        },
        leader,
    )
    ledger.study_rules.publish({"name": "v1", "effective_from": clock.today()}, leader)
    tables = [
        "notebook_entries",
        "annual_papers",
        "training_sessions",
        "training_attendance",
        "four_strong_scores",
        "study_rules",
    ]
    snapshot = lambda: {t: sorted(map(str, ledger.query(f"SELECT * FROM {t}"))) for t in tables}  # noqa: E731
    before = snapshot()
    ledger.runner.rebuild(["notebook", "annual_papers", "training", "four_strong", "study_rules"])
    assert snapshot() == before
    assert all(before.values())
