"""Races that would break a rule: several people (separate app processes) do at the very same
moment what only one of them may do. The rule holds because the store holds it, not a read
model that may lag: exactly one wins, the others are told why in Chinese, nothing else is
written, and the chain of the log still verifies.

The racers are processes (`tests.attacks.racers`), forked once for the module: in each story
they all pass every check, then write at once. Every story runs on SQLite and PostgreSQL; the
stories share one store per backend (each races for its own cadre, department or account),
except the administrators', which needs an office with exactly two of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from culture_ledger.ledger import Ledger
from domain.actor import Actor
from domain.errors import InvalidCommand, LedgerError, LoginRefused
from plugins.integrity.domain import OrganAssessment
from plugins.political.domain import Pledge
from tests.attacks.racers import Racers
from tests.conftest import create_fixture_accounts, last_workday
from tests.reliability.checks import chain_breaks, log

RACERS = 4
PASSWORD = "correct horse battery staple"
ADMIN = Actor("admin", "admin", "form")
DAY = last_workday()
QUARTER = f"{DAY.year}-Q{(DAY.month - 1) // 3 + 1}"


@pytest.fixture(scope="module")
def racers():
    team = Racers(RACERS)
    yield team
    team.close()


@dataclass
class Office:
    url: str
    ledger: Ledger
    department: UUID
    cadres: dict[str, UUID]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def office(request, tmp_path_factory) -> Office:
    """One office per backend for the module: a department, four cadres, the fixture accounts."""
    if request.param == "sqlite":
        url, drop = f"sqlite:///{tmp_path_factory.mktemp('races') / 'ledger.sqlite3'}", None
    else:
        cluster = request.getfixturevalue("postgres")
        name = cluster.create_database(template=cluster.template)
        url, drop = cluster.url(name), lambda: cluster.drop_database(name)
    ledger = Ledger(url=url)
    create_fixture_accounts(ledger)
    department = ledger.people.register_department({"name": "办公室"}, ADMIN)
    joined = DAY - timedelta(days=400)
    cadres = {
        name: ledger.people.register_cadre(
            {"name": name, "department_id": department, "position": "科员", "joined_on": joined}, ADMIN
        )
        for name in ("王建国", "李秀英", "张伟")
    }
    ledger.accounts.link("clerk", ADMIN, cadre_id=cadres["王建国"])
    yield Office(url, ledger, department, cadres)
    ledger.close()
    if drop:
        drop()


def winners(outcomes: list[dict]) -> list:
    return [o["done"] for o in outcomes if "done" in o]


def refusals(outcomes: list[dict]) -> list[dict]:
    return [o["refused"] for o in outcomes if "refused" in o]


def written_since(ledger: Ledger, head: int, topic: str = "") -> list:
    return [n for n in log(ledger) if n.id > head and n.topic.endswith(topic)]


def test_four_people_recording_one_cadres_pledge_for_the_year_at_once_store_one(racers, office):
    command = {
        "year": DAY.year,
        "occurred_on": DAY,
        "party_spirit": "按时参加组织生活",
        "conduct": "廉洁自律",
        "quality": "撰写调研报告",
        "firm_stand": "重大问题上旗帜鲜明",
        "clear_mind": "关键时刻头脑清醒",
    }
    wang, head = office.cadres["王建国"], office.ledger.app.head()

    outcomes = racers.race("pledge", office.url, {"cadre": wang.hex, "command": command, "by": ["clerk", "staff"]})

    assert winners(outcomes) == [str(Pledge.create_id(wang, DAY.year))], outcomes
    assert [r["zh"] for r in refusals(outcomes)] == [f"该干部 {DAY.year} 年度已有承诺，请更正原承诺"] * (RACERS - 1)
    assert len(written_since(office.ledger, head)) == 1
    assert chain_breaks(office.ledger) == []


def test_four_leaders_assessing_one_department_for_the_quarter_at_once_store_one(racers, office):
    scores = {"learning": 90, "innovative": 80, "pragmatic": 85, "harmonious": 95, "clean": 100}
    command = {"period": QUARTER, **scores, "comment": "学习氛围浓厚", "occurred_on": DAY}
    head = office.ledger.app.head()

    outcomes = racers.race(
        "assess", office.url, {"department": office.department.hex, "command": command, "by": ["director", "leader"]}
    )

    assert winners(outcomes) == [str(OrganAssessment.create_id(office.department, QUARTER))], outcomes
    assert [r["zh"] for r in refusals(outcomes)] == [f"该科室 {QUARTER} 已有评估，请更正原评估"] * (RACERS - 1)
    assert len(written_since(office.ledger, head)) == 1
    assert chain_breaks(office.ledger) == []


def test_one_study_form_sent_four_times_at_once_is_recorded_once(racers, office):
    # Four copies of one submission of 李秀英's study (a double click, a resent request) arrive together.
    task = {
        "cadre": office.cadres["李秀英"].hex,
        "day": DAY.isoformat(),
        "command": {"minutes": 45, "material": "《中国共产党章程》", "mode": "self"},
        "by": ["admin", "admin"],
        "key": uuid4().hex,
    }
    head = office.ledger.app.head()

    outcomes = racers.race("study", office.url, task)

    assert len(winners(outcomes)) == 1, outcomes
    assert [r["zh"] for r in refusals(outcomes)] == ["这份表单已经提交过，没有重复记录。"] * (RACERS - 1)
    recorded = written_since(office.ledger, head, "StudyEntry.Recorded")
    assert [str(n.originator_id) for n in recorded] == winners(outcomes)
    assert chain_breaks(office.ledger) == []


def test_four_entries_racing_to_fill_one_cadres_day_never_make_it_longer_than_24_hours(racers, office):
    # 张伟 has 1,000 minutes on the day; four entries of 300 arrive at once: only one fits.
    zhang = office.cadres["张伟"]
    office.ledger.study.record_study(
        {"cadre_id": zhang, "occurred_on": DAY, "minutes": 1000, "material": "党史"}, ADMIN
    )
    tasks = [
        {
            "cadre": zhang.hex,
            "day": DAY.isoformat(),
            "command": {"minutes": 300, "material": f"材料{n}"},
            "by": ["admin", "admin"],
        }
        for n in range(RACERS)
    ]
    head = office.ledger.app.head()

    outcomes = racers.race("study", office.url, tasks)

    assert len(winners(outcomes)) == 1, outcomes
    assert [r["keys"] for r in refusals(outcomes)] == [["validation.study_day_over_24_hours"]] * (RACERS - 1)
    assert all("一天最多 24 小时" in r["zh"] for r in refusals(outcomes))
    assert [str(n.originator_id) for n in written_since(office.ledger, head, "StudyEntry.Recorded")] == winners(
        outcomes
    )
    assert office.ledger.study.day_total(zhang, DAY) == 1300
    assert chain_breaks(office.ledger) == []


def test_four_guesses_at_once_are_counted_before_any_is_tried_so_the_lock_holds(racers, office):
    # Two failed sign-ins lock the account: four wrong guesses sent together get two tries, not four.
    ledger = office.ledger
    ledger.accounts.reset_password("clerk", PASSWORD, ADMIN)
    guesses = [{"username": "clerk", "password": f"guess-{n}", "limit": 2} for n in range(RACERS)]

    outcomes = racers.race("sign-in", office.url, guesses)

    assert winners(outcomes) == []
    assert sum(o["evaluated"] for o in outcomes) == 2, outcomes
    assert sorted(r["keys"][0] for r in refusals(outcomes)) == ["error.locked_out"] * 3 + ["error.login_failed"]
    assert "账户已锁定" in next(r["zh"] for r in refusals(outcomes) if r["keys"] == ["error.locked_out"])
    # The owner's right password is refused too, until the lock runs out.
    with pytest.raises(LoginRefused) as locked:
        ledger.accounts.authenticate("clerk", PASSWORD)
    assert locked.value.key == "error.locked_out"
    assert (
        ledger.accounts.authenticate("clerk", PASSWORD, now=datetime.now(UTC) + timedelta(minutes=16)).account
        == "clerk"
    )


@pytest.mark.backends("sqlite", "postgresql")
def test_two_administrators_shutting_each_other_out_at_once_leave_one_administrator(racers, backend, store_url):
    ledger = Ledger(url=store_url)
    try:
        create_fixture_accounts(ledger)
        ledger.accounts.create(
            {"username": "admin2", "display_name": "副管理员", "roles": ["admin"]}, Actor("admin", "admin", "cli")
        )
        head = ledger.app.head()

        outcomes = racers.race(
            "disable",
            store_url,
            [{"account": "admin2", "by": ["admin", "admin"]}, {"account": "admin", "by": ["admin2", "admin"]}],
        )

        assert len(winners(outcomes)) == 1, outcomes
        # The other is told so, or, when the winner shut its own account out first, that it is shut out.
        (refusal,) = refusals(outcomes)
        assert refusal["keys"] in (["error.last_admin"], ["error.account_disabled"]), outcomes
        assert refusal["zh"] in (
            "这是最后一个管理员账户，不能停用或撤销其管理员角色。",
            *(ledger.catalog.t("zh", "error.account_disabled", account=who) for who in ("admin", "admin2")),
        )
        still = [a for a in ("admin", "admin2") if not ledger.accounts.access.account(a).disabled]
        assert len(still) == 1 and "admin" in ledger.accounts.access.account(still[0]).roles
        assert len(written_since(ledger, head, "Account.Disabled")) == 1
        assert chain_breaks(ledger) == []
    finally:
        ledger.close()


def forget(ledger: Ledger, sql: str, params: tuple) -> None:
    """Make a read model lag behind (or lie about) the log, as it does while a worker is behind."""
    with ledger.readmodels.transaction() as db:
        db.execute(sql, params)


def test_a_day_the_read_model_has_not_seen_filled_is_still_full(office):
    wang, ledger = office.cadres["王建国"], office.ledger
    first = ledger.study.record_study(
        {"cadre_id": wang, "occurred_on": DAY, "minutes": 1000, "material": "党史"}, ADMIN
    )
    forget(ledger, "DELETE FROM study_entries WHERE id=?", (first.hex,))
    head = ledger.app.head()

    with pytest.raises(InvalidCommand) as refused:
        ledger.study.record_study({"cadre_id": wang, "occurred_on": DAY, "minutes": 500, "material": "党章"}, ADMIN)

    assert refused.value.errors == [
        ("minutes", "validation.study_day_over_24_hours", {"day": DAY.isoformat(), "total": 1000, "left": 440})
    ]
    assert ledger.app.head() == head


def test_an_administrator_the_read_model_still_shows_enabled_does_not_keep_the_last_one_company(office):
    ledger = office.ledger
    ledger.accounts.create({"username": "admin3", "display_name": "前管理员", "roles": ["admin"]}, ADMIN)
    ledger.accounts.disable("admin3", ADMIN)
    forget(ledger, "UPDATE accounts SET disabled=0 WHERE username=?", ("admin3",))
    head = ledger.app.head()

    with pytest.raises(LedgerError) as refused:
        ledger.accounts.disable("admin", ADMIN)

    assert refused.value.key == "error.last_admin"
    assert ledger.app.head() == head
