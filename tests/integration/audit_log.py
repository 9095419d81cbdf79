"""A small but varied log for the audit tests: study recorded, amended and withdrawn,
activities recorded, confirmed, returned and amended, by different people."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from pydantic import BaseModel

from culture_ledger.ledger import Ledger
from culture_ledger.registry import Carrier, Registry
from tests import evidence_files
from tests.conftest import holding_fixture_accounts, last_workday


class SessionDetails(BaseModel):
    """The political carrier's own field for an education session, as a carrier plugin declares it."""

    theme: str


def session(office, **over) -> dict:
    """An education session in the general office: five expected, two present, three named absent."""
    return {
        "carrier": "political",
        "kind": "education_session",
        "title": "理想信念教育专题学习",
        "occurred_on": last_workday() - timedelta(days=3),
        "department_id": office.general,
        "place": "三楼会议室",
        "organiser": "机关党支部",
        "expected": 5,
        "present": 2,
        "absentees": ["张伟", "李秀英", "王建国"],
        "agenda": "学习党章",
        "content": "集中学习",
        "outcome": "心得三篇",
        "ideas": ["support_talent"],
        "details": {"theme": "ideals"},
        **over,
    }


def registry_with_a_political_kind() -> Registry:
    """The built-ins plus a political kind of activity, as a carrier plugin declares it."""
    return Registry.of(
        [
            replace(p, carrier=Carrier(kinds={"education_session": SessionDetails})) if p.id == "political" else p
            for p in Registry.load().plugins
        ]
    )


def open_ledger(url: str) -> Ledger:
    return Ledger(registry_with_a_political_kind(), url=url)


@pytest.fixture
def ledger(store_url, fixture_accounts_made):
    led = holding_fixture_accounts(open_ledger(store_url), fixture_accounts_made)
    yield led
    led.close()


def record_weeks(ledger: Ledger, office, staff, leader, staff_of, days: int = 10) -> dict:
    """Days of study for the four cadres, each recorded by the cadre's own account (`staff` is 王建国's,
    `staff_of` gives the others'), with corrections and reviewed activities in between."""
    day = last_workday()
    made = {}
    own = {office.wang: staff, **{cadre: staff_of(cadre) for cadre in (office.li, office.aygul, office.zhang)}}
    for i in range(days):
        for cadre in (office.wang, office.li, office.aygul, office.zhang):
            ledger.study.record_study(
                {
                    "cadre_id": cadre,
                    "occurred_on": day - timedelta(days=i),
                    "minutes": 60 + 10 * (i % 3),
                    "material": "《机构编制工作条例》",
                    "mode": "self",
                },
                own[cadre],
            )
        if i == 2:
            made["amended_study"] = entry = ledger.study.record_study(
                {
                    "cadre_id": office.wang,
                    "occurred_on": day - timedelta(days=i),
                    "minutes": 90,
                    "material": "党章",
                    "mode": "group",
                },
                staff,
            )
            ledger.study.amend_study(entry, {"minutes": 45, "reason": "误填为90分钟"}, leader)
        if i == 4:
            made["withdrawn_study"] = entry = ledger.study.record_study(
                {
                    "cadre_id": office.li,
                    "occurred_on": day - timedelta(days=i),
                    "minutes": 60,
                    "material": "党章",
                    "mode": "self",
                },
                own[office.li],
            )
            ledger.study.withdraw_study(entry, {"reason": "重复填报"}, own[office.li])
        if i == 5:
            photo = ledger.activities.put_evidence("签到表.jpg", evidence_files.photo("a sign-in sheet"), "image/jpeg")
            made["confirmed_activity"] = act = ledger.activities.record(
                session(office, occurred_on=day - timedelta(days=i), evidence=[photo]), staff
            )
            ledger.activities.confirm(act, leader)
            made["returned_activity"] = act = ledger.activities.record(
                session(office, occurred_on=day - timedelta(days=i), title="廉洁教育"), staff
            )
            ledger.activities.return_(act, "缺少签到表", leader)
            ledger.activities.amend(act, {"place": "二楼会议室", "outcome": "心得五篇"}, "补充会议地点", staff)
    return made


def read_models(ledger) -> dict[str, list[tuple]]:
    """Every read-model table of every projection, rows sorted: what 'the same dashboards' means."""
    tables = {}
    for projection in ledger.runner.projections:
        for table in projection.tables:
            rows = ledger.query(f"SELECT * FROM {table}")
            tables[table] = sorted(tuple(str(v) for v in r.values()) for r in rows)
    return tables
