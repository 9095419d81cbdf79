"""A living demo office: a prefecture staffing office with its departments and some thirty
cadres; each plugin then adds its own records through its services (`Plugin.demo`)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from culture_ledger.ledger import Ledger
from domain.actor import Actor

OFFICE = "阿勒泰地区机构编制委员会办公室"

DEPARTMENTS = {
    "办公室": ["王建国", "阿依古丽·努尔兰", "李秀英", "张伟", "叶尔兰·别克"],
    "行政机构编制科": ["刘志强", "古丽娜尔·吐尔逊", "陈静", "马晓军", "努尔苏丹·哈力木", "杨帆"],
    "事业机构编制科": ["赵丽娟", "巴合提亚尔·吾拉尔", "孙海燕", "周明", "阿力木江·买买提", "吴婷"],
    "综合科": ["郑磊", "热依拉·艾则孜", "黄慧", "徐志刚", "别克波拉提·沙依兰"],
    "监督检查科": ["胡晓东", "迪丽努尔·阿不都", "高峰", "林雪", "加娜尔·吐尔洪"],
    "机构编制电子政务中心": ["何俊", "阿娜尔古丽·玉素甫", "罗刚", "梁晨"],
}
POSITIONS = ["主任", "副主任", "科长", "副科长", "四级主任科员", "一级科员", "二级科员"]


@dataclass
class DemoOffice:
    """What plugins need to add their demo records: who is who, and a seeded random source."""

    today: date
    weeks: int
    rng: random.Random
    departments: dict[str, UUID] = field(default_factory=dict)
    cadres: dict[UUID, tuple[str, UUID]] = field(default_factory=dict)
    clerk: Actor = Actor("demo-admin", "admin", "cli")
    accounts: dict[str, Actor] = field(default_factory=dict)
    """role -> the demo account's actor (filled by the accounts plugin's demo, before the other plugins')."""

    @property
    def start(self) -> date:
        return self.today - timedelta(weeks=self.weeks)


def is_empty(ledger: Ledger) -> bool:
    return ledger.app.head() == 0


def weeks_back(today: date) -> int:
    """Enough weeks that the demo covers the month before last, last month and this one so far."""
    month_before_last = (today.replace(day=1) - timedelta(days=1)).replace(day=1) - timedelta(days=1)
    return max(8, -(-(today - month_before_last.replace(day=1)).days // 7))


def seed_demo(ledger: Ledger, weeks: int | None = None, today: date | None = None, seed: int = 2012) -> DemoOffice:
    """Register the demo office, let every plugin add its records, and log it all as it happened.

    Everything is first recorded in a scratch store in memory, then appended to `ledger` in
    the order it happened, stamped with when it would have been recorded
    (`culture_ledger.demo_history`): the auditor's time travel finds last month as it stood.
    """
    from culture_ledger.accounts.credentials import Credentials
    from culture_ledger.demo_history import record_in_date_order
    from event_store.evidence import EvidenceStore, evidence_root

    today = today or date.today()
    office = DemoOffice(today=today, weeks=weeks or weeks_back(today), rng=random.Random(seed))
    if not is_empty(ledger):  # `demo --force`: the demo joins an existing history, recorded now
        _seed(ledger, office)
        ledger.catch_up()
        return office
    scratch = Ledger(ledger.registry, url="sqlite:///:memory:", worker=False)
    try:
        # What services keep beside the log goes beside the real store: evidence files, password hashes.
        for name, service in scratch.services.items():
            if isinstance(getattr(service, "evidence", None), EvidenceStore):
                service.evidence = EvidenceStore(evidence_root(ledger.url))
            if isinstance(getattr(service, "credentials", None), Credentials):
                service.credentials, service.hasher = ledger.services[name].credentials, ledger.services[name].hasher
        _seed(scratch, office)
        record_in_date_order(scratch, ledger, office.start)
    finally:
        scratch.close()
    return office


def _seed(ledger: Ledger, office: DemoOffice) -> None:
    joined = office.today - timedelta(days=365 * 3)
    for department, people in DEPARTMENTS.items():
        dept_id = ledger.people.register_department({"name": department}, office.clerk)
        office.departments[department] = dept_id
        for i, name in enumerate(people):
            position = POSITIONS[min(i, len(POSITIONS) - 1)]
            cadre_id = ledger.people.register_cadre(
                {"name": name, "department_id": dept_id, "position": position, "joined_on": joined}, office.clerk)
            office.cadres[cadre_id] = (name, dept_id)
    for plugin in ledger.registry.plugins:
        if plugin.demo is not None:
            plugin.demo(ledger, office)
    ledger.catch_up()
    return office


# --- an office at scale (`culture-ledger demo --events N`, the benchmarks) ------------------

COUNTIES = ["阿勒泰市", "布尔津县", "富蕴县", "福海县", "哈巴河县", "青河县", "吉木乃县"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = ["建国", "秀英", "伟", "志强", "静", "晓军", "帆", "丽娟", "海燕", "明", "婷", "磊", "慧", "志刚", "晓东",
         "峰", "雪", "俊", "刚", "晨", "红梅", "玉兰", "文杰", "国庆", "春华", "新民", "振华", "桂英", "子涵", "思远"]
KAZAKH = ["叶尔兰", "努尔兰", "别克", "哈力木", "叶尔江", "阿依古丽", "古丽娜尔", "加娜尔", "努尔苏丹", "别克波拉提",
          "沙依兰", "达吾列提", "哈那提", "阿曼古丽", "木拉提"]
UYGHUR = ["阿力木江", "买买提", "吐尔逊", "热依拉", "艾则孜", "迪丽努尔", "阿不都", "玉素甫", "阿娜尔古丽", "吐尔洪",
          "艾尔肯", "古再丽努尔", "帕尔哈提", "米热古丽", "依明"]


def _scale_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(SURNAMES) + rng.choice(GIVEN)
    pool = KAZAKH if roll < 0.8 else UYGHUR
    first, second = rng.sample(pool, 2)
    return f"{first}·{second}"


def seed_at_scale(ledger: Ledger, events: int, *, today: date | None = None, seed: int = 2012,
                  batch: int = 20_000, progress=None) -> DemoOffice:
    """A whole prefecture's staffing system with years of daily study, `events` events in all.

    The demo office first (every plugin's records since the month before last), then county
    offices with more cadres, then daily study going back in time before those weeks,
    recorded through the study service's bulk path (`record_study_batch`) in batches (those
    are stamped when appended, after the demo office: a bulk import of old sheets).
    """
    office = seed_demo(ledger, today=today, seed=seed)
    rng = office.rng
    # About as many cadres as days of history: a million events is ~1,000 cadres over ~4 years.
    wanted = max(len(office.cadres), min(2_000, int(events ** 0.5)))
    extra = wanted - len(office.cadres)
    if extra > 0 and ledger.app.head() + extra < events:
        joined = office.today - timedelta(days=365 * 10)
        counties = {}
        for county in COUNTIES:
            counties[county] = ledger.people.register_department({"name": f"{county}机构编制委员会办公室"}, office.clerk)
            office.departments[county] = counties[county]
        for i in range(extra):
            dept = counties[COUNTIES[i % len(COUNTIES)]]
            name = _scale_name(rng)
            cadre_id = ledger.people.register_cadre({"name": name, "department_id": dept,
                                                     "position": rng.choice(POSITIONS), "joined_on": joined},
                                                    office.clerk)
            office.cadres[cadre_id] = (name, dept)
    from plugins.study.demo import MATERIALS

    remaining = events - ledger.app.head()
    importer = office.clerk.via("import")  # the demo administrator, bringing past records in
    cadres = list(office.cadres)
    diligence = {cadre: rng.choice([1.0, 1.0, 0.99, 0.97, 0.9, 0.75]) for cadre in cadres}
    day = office.start - timedelta(days=1)
    commands: list[dict] = []
    while remaining > 0:
        if day.weekday() < 5:
            for cadre in cadres:
                if remaining - len(commands) <= 0:
                    break
                if rng.random() > diligence[cadre]:
                    continue
                minutes = rng.choice([60, 60, 60, 70, 80, 90, 120]) if rng.random() > 0.03 else rng.choice([20, 30, 45])
                commands.append({"cadre_id": cadre, "occurred_on": day, "minutes": minutes,
                                 "material": rng.choice(MATERIALS), "mode": "group" if day.weekday() == 4 else "self"})
            if len(commands) >= batch or len(commands) >= remaining:
                ledger.study.record_study_batch(commands, importer)
                remaining -= len(commands)
                commands = []
                if progress:
                    progress(ledger.app.head(), events)
        day -= timedelta(days=1)
    return office
