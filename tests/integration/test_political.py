"""政治坚定: education and 三争做 sessions, pledges and their ratings, attendance, gaps."""

from __future__ import annotations

from datetime import timedelta

import pytest

from culture_ledger.periods import Scope
from domain import clock
from domain.errors import Forbidden, InvalidCommand, LedgerError
from plugins.carrier.queries import activity_rows, departments_without_activity
from plugins.political.projections import INDICATORS, pledge_coverage, pledges, rating_means
from tests import evidence_files
from tests.conftest import last_workday

INDICATOR = {i.key: i for i in INDICATORS}
DAY = last_workday() - timedelta(days=7)


def scope(start=None, end=None, **filters) -> Scope:
    return Scope.between(start or DAY - timedelta(days=30), end or clock.today(), **filters)


def session(office, kind="sanzhengzuo_session", **over):
    details = {"strand": "three_best"} if kind == "sanzhengzuo_session" else {"theme": "ideals"}
    return {
        "carrier": "political",
        "kind": kind,
        "title": "“三争做”交流会",
        "occurred_on": DAY,
        "department_id": office.general,
        "place": "四楼会议室",
        "organiser": "机关党支部",
        "expected": 4,
        "present": 4,
        "absentees": [],
        "details": details,
        **over,
    }


def test_a_confirmed_sanzhengzuo_session_with_three_absentees_and_a_photo_moves_the_attendance_rate(
    ledger, office, staff, leader
):
    attendance = INDICATOR["political_attendance"]
    full = ledger.activities.record(session(office, expected=4, present=4), staff)
    ledger.activities.confirm(full, leader)
    assert attendance.compute(ledger, scope()) == 1.0

    photo = ledger.activities.put_evidence("现场照片.jpg", evidence_files.photo("photo of the session"), "image/jpeg")
    second = ledger.activities.record(
        session(
            office,
            title="“三争做”对照查摆会",
            expected=4,
            present=1,
            absentees=["王建国", "李秀英", "张伟"],
            evidence=[photo],
        ),
        staff,
    )
    # Awaiting review: it does not count yet.
    assert attendance.compute(ledger, scope()) == 1.0

    ledger.activities.confirm(second, leader)
    assert attendance.compute(ledger, scope()) == pytest.approx(5 / 8)
    behind = {r["id"] for r in attendance.records(ledger, scope())}
    assert behind == {full.hex, second.hex}
    row = activity_rows(ledger, "political", kinds=("sanzhengzuo_session",), counted_only=True)[0]
    assert row["absentees"] == ["王建国", "李秀英", "张伟"] and row["evidence"][0]["sha256"] == photo["sha256"]


def test_every_education_theme_is_recorded_and_an_unknown_theme_writes_nothing(ledger, office, staff):
    for theme in ("ideals", "revolutionary_tradition", "professional_ethics", "social_morality", "family_virtue"):
        ledger.activities.record(session(office, kind="education_session", details={"theme": theme}), staff)
    themes = sorted(r["details"]["theme"] for r in activity_rows(ledger, "political"))
    assert themes == sorted(
        ["ideals", "revolutionary_tradition", "professional_ethics", "social_morality", "family_virtue"]
    )
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.activities.record(session(office, kind="education_session", details={"theme": "sports"}), staff)
    assert refused.value.errors[0][:2] == ("theme", "validation.literal_error")
    with pytest.raises(InvalidCommand):
        ledger.activities.record(session(office, details={}), staff)  # a 三争做 session names its strand
    assert ledger.app.head() == head


def test_returned_and_withdrawn_sessions_do_not_count(ledger, office, staff, leader):
    sessions = INDICATOR["political_sessions"]
    kept = ledger.activities.record(session(office, expected=4, present=3, absentees=["张伟"]), staff)
    returned = ledger.activities.record(session(office, expected=2, present=0, absentees=["甲", "乙"]), staff)
    withdrawn = ledger.activities.record(session(office, expected=2, present=0, absentees=["甲", "乙"]), staff)
    ledger.activities.confirm(kept, leader)
    ledger.activities.return_(returned, "缺少签到表", leader)
    ledger.activities.confirm(withdrawn, leader)
    ledger.activities.withdraw(withdrawn, "重复登记", staff)
    assert sessions.compute(ledger, scope()) == 1
    assert INDICATOR["political_attendance"].compute(ledger, scope()) == pytest.approx(3 / 4)
    # The other department held nothing this period: it is a gap.
    assert [d["name"] for d in departments_without_activity(ledger, "political", scope().start, scope().end)] == [
        "行政机构编制科"
    ]
    # Filtered to that department, there is nothing to count.
    assert sessions.compute(ledger, scope(department_id=office.reform.hex)) == 0
    assert INDICATOR["political_attendance"].compute(ledger, scope(department_id=office.reform.hex)) is None


def test_amending_attendance_of_a_confirmed_session_sends_it_back_and_once_confirmed_changes_the_rate(
    ledger, office, staff, leader
):
    activity = ledger.activities.record(session(office, expected=4, present=4), staff)
    ledger.activities.confirm(activity, leader)
    assert INDICATOR["political_attendance"].compute(ledger, scope()) == 1.0
    ledger.activities.amend(activity, {"present": 2, "absentees": ["张伟", "李秀英"]}, "签到表核对后更正", staff)
    assert INDICATOR["political_attendance"].compute(ledger, scope()) != 0.5  # awaiting review: not counted
    ledger.activities.confirm(activity, leader)
    assert INDICATOR["political_attendance"].compute(ledger, scope()) == 0.5
    actions = [
        r["action"]
        for r in ledger.query(
            "SELECT action FROM activity_history WHERE activity_id=? ORDER BY position", (activity.hex,)
        )
    ]
    assert actions == ["recorded", "submitted", "confirmed", "amended", "submitted", "confirmed"]


def pledge(office, cadre, **over):
    return {
        "cadre_id": cadre,
        "year": clock.today().year,
        "occurred_on": clock.today(),
        "party_spirit": "按时参加组织生活",
        "conduct": "廉洁自律",
        "quality": "全年撰写一篇调研报告",
        "firm_stand": "重大问题上旗帜鲜明",
        "clear_mind": "关键时刻头脑清醒",
        **over,
    }


def test_a_cadre_pledges_once_a_year_and_bad_pledges_write_nothing(ledger, office, staff):
    ledger.political.record_pledge(pledge(office, office.wang), staff)
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as twice:
        ledger.political.record_pledge(pledge(office, office.wang), staff)
    assert twice.value.errors[0][1] == "validation.pledge_exists"
    with pytest.raises(InvalidCommand) as wrong_year:
        ledger.political.record_pledge(pledge(office, office.li, year=clock.today().year - 1), staff)
    assert wrong_year.value.errors[0][1] == "validation.pledge_year_mismatch"
    with pytest.raises(InvalidCommand):
        ledger.political.record_pledge(pledge(office, office.li, conduct="  "), staff)
    assert ledger.app.head() == head
    coverage = {r["name"]: r["pledged"] for r in pledge_coverage(ledger, clock.today().year, clock.today().isoformat())}
    assert coverage == {"王建国": 1, "李秀英": 0, "阿依古丽·努尔兰": 0, "张伟": 0}
    assert INDICATOR["political_pledge_coverage"].compute(ledger, scope()) == 0.25


def test_only_a_leader_rates_a_pledge_and_the_ratings_feed_the_share_rated_good(
    ledger, office, staff, staff_of, leader
):
    good = ledger.political.record_pledge(pledge(office, office.wang), staff)
    mixed = ledger.political.record_pledge(pledge(office, office.li), staff_of(office.li))
    ledger.political.record_pledge(pledge(office, office.zhang), staff_of(office.zhang))  # not rated yet
    scores = {
        "party_spirit": 5,
        "conduct": 4,
        "quality": 4,
        "political_stand": 5,
        "political_discipline": 5,
        "political_discernment": 4,
        "firm_stand": 4,
        "clear_mind": 4,
        "comment": "承诺落实好",
        "rated_on": clock.today(),
    }
    with pytest.raises(Forbidden):
        ledger.political.rate_pledge(good, scores, staff)
    with pytest.raises(InvalidCommand):
        ledger.political.rate_pledge(good, {**scores, "quality": 6}, leader)
    ledger.political.rate_pledge(good, scores, leader)
    ledger.political.rate_pledge(mixed, {**scores, "conduct": 3}, leader)
    assert INDICATOR["political_rated_good"].compute(ledger, scope()) == 0.5
    assert rating_means(ledger, clock.today().year)["conduct"] == 3.5
    rows = {r["name"]: r for r in INDICATOR["political_rated_good"].records(ledger, scope())}
    assert set(rows) == {"王建国", "李秀英"} and rows["李秀英"]["conduct"] == 3


def test_a_pledge_is_amended_with_a_reason_and_a_withdrawn_one_leaves_the_counts(ledger, office, staff_of, leader):
    staff = staff_of(office.aygul)  # her own pledge
    pid = ledger.political.record_pledge(pledge(office, office.aygul), staff)
    with pytest.raises(InvalidCommand):
        ledger.political.amend_pledge(pid, {"quality": "精通业务", "reason": ""}, staff)
    ledger.political.amend_pledge(pid, {"quality": "精通机构编制业务", "reason": "表述不准确"}, staff)
    row = pledges(ledger, clock.today().year)[0]
    assert (row["quality"], row["party_spirit"]) == ("精通机构编制业务", "按时参加组织生活")
    ledger.political.withdraw_pledge(pid, {"reason": "误登记为本人"}, staff)
    with pytest.raises(LedgerError):
        ledger.political.rate_pledge(
            pid,
            {
                "party_spirit": 5,
                "conduct": 5,
                "quality": 5,
                "political_stand": 5,
                "political_discipline": 5,
                "political_discernment": 5,
                "firm_stand": 5,
                "clear_mind": 5,
                "rated_on": clock.today(),
            },
            leader,
        )
    # The only pledge of the year withdrawn: nobody holds one, so there is no data (not a coverage of 0%).
    assert INDICATOR["political_pledge_coverage"].compute(ledger, scope()) is None
    history = [
        r["action"]
        for r in ledger.query("SELECT action FROM political_history WHERE record_id=? ORDER BY position", (pid.hex,))
    ]
    assert history == ["recorded", "amended", "withdrawn"]
    # Having withdrawn it, the cadre may pledge again.
    ledger.political.record_pledge(pledge(office, office.aygul), staff)


def test_the_political_read_model_rebuilds_to_the_same_rows(ledger, office, staff, leader):
    pid = ledger.political.record_pledge(pledge(office, office.wang), staff)
    ledger.political.rate_pledge(
        pid,
        {
            "party_spirit": 5,
            "conduct": 4,
            "quality": 4,
            "political_stand": 5,
            "political_discipline": 5,
            "political_discernment": 4,
            "firm_stand": 4,
            "clear_mind": 4,
            "rated_on": clock.today(),
        },
        leader,
    )
    before = ledger.query("SELECT * FROM political_pledges"), ledger.query("SELECT * FROM political_history")
    ledger.runner.rebuild(["political"])
    assert (ledger.query("SELECT * FROM political_pledges"), ledger.query("SELECT * FROM political_history")) == before


def test_the_third_strand_is_pledged_and_rated_like_the_first_and_old_pledges_still_replay(
    ledger, office, staff, leader
):
    from domain.records import time_ordered_id
    from plugins.political.domain import Pledge

    # A pledge and a rating from before the third strand: three commitments, six scores.
    old = Pledge._create(
        Pledge.Recorded,
        id=time_ordered_id(),
        cadre_id=office.li,
        year=clock.today().year,
        occurred_on=clock.today(),
        commitments={"party_spirit": "旧", "conduct": "旧", "quality": "旧"},
        by=staff,
    )
    six = {"party_spirit": 4, "conduct": 4, "quality": 4, "political_stand": 4, "political_discipline": 4}
    old.rate({**six, "political_discernment": 4}, "", clock.today(), leader)
    ledger.app.save(old)
    ledger.catch_up()

    # Today a cadre pledges under 重大问题旗帜鲜明 and 关键时刻头脑清醒 too, and cannot leave them out.
    with pytest.raises(InvalidCommand):
        ledger.political.record_pledge(pledge(office, office.wang, clear_mind=""), staff)
    new = ledger.political.record_pledge(pledge(office, office.wang), staff)
    rating = {**six, "political_discernment": 5, "firm_stand": 5, "clear_mind": 3, "rated_on": clock.today()}
    with pytest.raises(InvalidCommand):  # a rating leaves no strand out
        ledger.political.rate_pledge(new, {k: v for k, v in rating.items() if k != "firm_stand"}, leader)
    ledger.political.rate_pledge(new, rating, leader)

    rows = {r["name"]: r for r in pledges(ledger, clock.today().year)}
    assert rows["王建国"]["firm_stand"] == "重大问题上旗帜鲜明" and rows["王建国"]["score_clear_mind"] == 3
    assert rows["李秀英"]["firm_stand"] is None and rows["李秀英"]["score_political_discernment"] == 4
    # The third strand counts in the share rated good (3 on 头脑清醒 is below good); the old rating on its six.
    assert INDICATOR["political_rated_good"].compute(ledger, scope()) == 0.5
    assert rating_means(ledger, clock.today().year)["clear_mind"] == 3
    # And it is amended like the others.
    ledger.political.amend_pledge(new, {"firm_stand": "在机构改革中旗帜鲜明", "reason": "表述更具体"}, staff)
    assert {r["name"]: r for r in pledges(ledger, clock.today().year)}["王建国"]["firm_stand"] == "在机构改革中旗帜鲜明"

    # Replayed from the start, old and new events make the same rows.
    before = pledges(ledger, clock.today().year)
    ledger.runner.rebuild(["political"])
    assert pledges(ledger, clock.today().year) == before


def test_a_pledge_read_model_built_before_the_third_strand_gains_its_columns():
    import sqlite3

    from event_store.projection import Db
    from plugins.political.domain import AIMS, STANCE
    from plugins.political.projections import PoliticalProjection

    con = sqlite3.connect(":memory:")
    con.execute(  # the table as the release before the third strand made it
        "CREATE TABLE political_pledges (id TEXT PRIMARY KEY, cadre_id TEXT NOT NULL, year INTEGER NOT NULL, "
        "occurred_on TEXT NOT NULL, "
        + "".join(f"{a} TEXT, " for a in AIMS)
        + "".join(f"score_{d} INTEGER, " for d in AIMS + STANCE)
        + "rating_comment TEXT, rated_on TEXT, rated_by TEXT, withdrawn INTEGER NOT NULL DEFAULT 0, "
        "recorded_by TEXT, recorded_at TEXT, version INTEGER, position INTEGER)"
    )
    db = Db(con.cursor(), postgres=False)
    PoliticalProjection().create(db)
    PoliticalProjection().create(db)  # the next start finds them there
    columns = [r[1] for r in con.execute("PRAGMA table_info(political_pledges)")]
    assert columns[-4:] == ["firm_stand", "score_firm_stand", "clear_mind", "score_clear_mind"]
