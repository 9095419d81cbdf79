"""A staff member's pages show his own leader evaluations, paper grades and notebook, never a
colleague's (`culture_ledger.rights.RECORDS`); a leader's show everyone's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from culture_ledger.ledger import Ledger
from culture_ledger.periods import Period
from dashboard.chrome import EVERY_TAB
from domain import clock
from domain.actor import Actor
from tests.app.pages import _render, every_text
from tests.conftest import create_fixture_accounts, last_workday

ADMIN, LEADER, STAFF = Actor("admin", "admin"), Actor("director", "leader"), Actor("clerk", "staff")


@pytest.fixture(autouse=True)
def restore_store_env(monkeypatch):
    """The page script points CULTURE_LEDGER_STORE at its store; put it back afterwards."""
    monkeypatch.setenv("CULTURE_LEDGER_STORE", "sqlite:///:memory:")


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> tuple[str, dict[str, str]]:
    """Two cadres of one department, 王建国 (the staff account) and his colleague 李秀英, each with a
    notebook entry, a graded paper and a leader's evaluation of their own words."""
    url = f"sqlite:///{tmp_path_factory.mktemp('own_records') / 'ledger.sqlite3'}"
    led = Ledger(url=url)
    create_fixture_accounts(led)
    department = led.people.register_department({"name": "办公室"}, ADMIN)
    joined = clock.today() - timedelta(days=400)
    cadres = {
        who: led.people.register_cadre(
            {"name": name, "department_id": department, "position": "科员", "joined_on": joined}, ADMIN
        )
        for who, name in (("王", "王建国"), ("李", "李秀英"))
    }
    led.accounts.link("clerk", ADMIN, cadre_id=cadres["王"])
    quarter = Period.containing("quarter", clock.today()).code
    for who, cadre in cadres.items():
        led.notebook.write(
            {
                "cadre_id": cadre,
                "occurred_on": last_workday(),
                "kind": "reflection",
                "title": f"{who}的学记标题",
                "text": f"{who}的学记正文",
            },
            ADMIN,
        )
        paper = led.papers.draft(
            {
                "cadre_id": cadre,
                "year": clock.today().year,
                "kind": "research_report",
                "title": f"{who}的调研报告",
                "abstract": "摘要",
            },
            ADMIN,
        )
        led.papers.submit(paper, ADMIN)
        led.papers.review(paper, {"grade": "good", "comment": f"{who}的论文评语"}, LEADER)
        led.four_strong.score(
            {
                "cadre_id": cadre,
                "period": quarter,
                "ideology": 90,
                "proficiency": 90,
                "conduct": 90,
                "fairness": 90,
                "comment": f"{who}的测评评语",
            },
            LEADER,
        )
    led.close()
    return url, {who: cadre.hex for who, cadre in cadres.items()}


def seen(path: str, url: str, actor: Actor, **state) -> str:
    at = AppTest.from_function(_render, args=(path, url, "zh"), default_timeout=60)
    at.session_state["actor"] = actor
    at.session_state[EVERY_TAB] = True  # every tab drawn at once (a page draws its open tab)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return "\n".join(every_text(at))


COLLEAGUES = ("李的学记", "李的调研报告", "李的论文评语", "李的测评评语")


def test_a_staff_members_pages_show_his_own_evaluations_grades_and_notebook_and_no_colleagues(office):
    url, cadres = office
    pages = [
        seen("study-profile", url, STAFF, profile_cadre=cadres["李"]),  # a colleague's profile
        seen("study-profile", url, STAFF, profile_cadre=cadres["王"]),
        seen("study-evaluation", url, STAFF),
        seen("study-paper", url, STAFF),
        seen("study-notebook", url, STAFF, note_search="学记"),
    ]
    for text in pages:
        assert not [words for words in COLLEAGUES if words in text], text
    assert "仅本人、领导和监督检查人员可以查看。" in pages[0]
    own = pages[1]
    assert all(words in own for words in ("王的学记标题", "王的调研报告", "王的测评评语"))
    assert "王的测评评语" in pages[2] and "王的调研报告" in pages[3] and "王的学记正文" in pages[4]


def test_a_leader_reads_every_cadres_evaluations_grades_and_notebook(office):
    url, cadres = office
    text = seen("study-profile", url, LEADER, profile_cadre=cadres["李"])
    assert all(words in text for words in ("李的学记标题", "李的调研报告", "李的测评评语"))
