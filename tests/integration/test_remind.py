"""`culture-ledger remind` (for cron): each person's open tasks leave the app as one digest in
Chinese, to a group robot's webhook or by e-mail, and each delivery is recorded in the log. The
robots and the mail server are real servers the tests start on 127.0.0.1.

The tasks come from a small outside plugin (tests/remind_chores.py), so each test knows exactly
what is due for whom: most tests run the command's core on a ledger whose built-in plugins keep
their to-do sources to themselves; those through the command line install the plugin through its
entry point beside the built-ins and look at what it adds. The demo office shows the built-in
sources at work."""

from __future__ import annotations

import io
import json
import socket
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from uuid import UUID

import pytest

from culture_ledger.cli import main
from culture_ledger.ledger import Ledger
from culture_ledger.registry import Registry
from domain import clock
from domain.actor import Actor
from domain.errors import LedgerError
from plugins.remind.cli import remind as send_reminders
from plugins.remind.delivery import Mailer, Webhook
from tests.conftest import OPERATOR
from tests.remind_chores import RETURN_REASON, chores  # noqa: F401
from tests.remind_chores import plugin as chores_plugin

PEOPLE = (
    # username, name, roles, e-mail set on the account
    ("zhangwei", "张伟", ["staff"], "zhangwei@altay.gov.cn"),
    ("wang.jianguo@altay.gov.cn", "王建国", ["leader"], None),  # a single sign-on account: its name is its address
    ("hejun", "何俊", ["staff", "leader"], None),
    ("chief", "主任", ["admin"], None),  # only something done: nothing to remind
    ("huxiaodong", "胡晓东", ["auditor"], None),  # asked nothing
    ("gone", "离职人员", ["staff"], "gone@altay.gov.cn"),  # disabled: never reminded
)

CHIEF = Actor("chief", "admin", "cli")
"""The office's administrator at the command line (`--as chief`)."""

SYSTEM = Actor("pytest@cli", "admin", "system")
"""Who sends reminders: the operator's cron job."""


def add_people(led: Ledger) -> Ledger:
    from argon2 import PasswordHasher, profiles

    led.accounts.hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    by = OPERATOR  # bootstraps the first administrator; then the command line acts as chief
    for username, name, roles, email in PEOPLE:
        led.accounts.create({"username": username, "display_name": name, "roles": roles}, by)
        if email:
            led.accounts.set_email(username, email, by)
        if "admin" in roles:
            by = CHIEF
    led.accounts.disable("gone", by)
    return led


@pytest.fixture
def office(store_url):
    """The people above, on a ledger where only the chores plugin has to-do sources."""
    built_in = Registry.load(entry_point_group=None).plugins
    led = add_people(Ledger(Registry.of([*(replace(p, todos=()) for p in built_in), chores_plugin]), url=store_url))
    yield led
    led.close()


@pytest.fixture
def installed_office(chores, store_url):
    """The people above, the chores plugin installed beside every built-in (for the command line)."""
    led = add_people(Ledger(url=store_url))
    yield led
    led.close()


def run(led: Ledger, **how) -> tuple[int, str, str]:
    """The command's core on `led`, today: its exit code, output and errors."""
    out, err = io.StringIO(), io.StringIO()
    code = send_reminders(led, clock.today(), SYSTEM, out=out, err=err, **how)
    return code, out.getvalue(), err.getvalue()


class Robot:
    """A group robot's webhook on 127.0.0.1: keeps every JSON body; `answer(body)` gives (status, reply)."""

    def __init__(self):
        self.bodies: list[dict] = []
        self.answer = lambda body: (200, {"errcode": 0, "errmsg": "ok"})
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
                status, reply = robot.answer(body)
                if status == 200:
                    robot.bodies.append(body)
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/cgi-bin/webhook/send?key=test"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def robot():
    r = Robot()
    yield r
    r.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def mail_server():
    """An SMTP server on 127.0.0.1 (aiosmtpd) keeping every envelope it accepts."""
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self):
            self.envelopes = []

        async def handle_DATA(self, server, session, envelope):
            self.envelopes.append(envelope)
            return "250 OK"

    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


def remind(capsys, store_url, *args) -> tuple[int, str, str]:
    """`culture-ledger remind ARGS` on the store: its exit code, output and errors."""
    code = main(["--store", store_url, "remind", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def text_of(body: dict) -> str:
    return body.get("markdown", body.get("text", {})).get("content") or body.get("text")


def by_name(bodies: list[dict]) -> dict[str, str]:
    """Each digest's text by the person it greets."""
    return {text_of(b).split("，您好")[0].splitlines()[-1]: text_of(b) for b in bodies}


def day_words(day) -> str:
    return f"{day.month}月{day.day}日"


@pytest.mark.backends("sqlite")
def test_a_wecom_robot_gets_one_markdown_digest_per_person_with_the_overdue_item_marked(office, robot):
    code, out, err = run(office, webhook=Webhook(robot.url, "wecom"))
    assert code == 0, err
    assert {b["msgtype"] for b in robot.bodies} == {"markdown"}
    digests = by_name(robot.bodies)
    # Who has something open: staff, a leader, and one holding both; not the admin with only
    # something done, not the auditor nobody asks, not the disabled account.
    assert set(digests) == {"张伟", "王建国", "何俊"}
    today = clock.today()
    zhang = digests["张伟"]
    assert "待办提醒：4 项（1 项已逾期）" in zhang
    assert f"今日学习 60 分钟（截止 {day_words(today)}）" in zhang
    overdue_line = next(line for line in zhang.splitlines() if "年度理论文章" in line)
    assert f"截止 {day_words(today - timedelta(days=7))}" in overdue_line
    assert '<font color="warning">已逾期</font>' in overdue_line
    assert zhang.index("年度理论文章") < zhang.index("今日学习")  # overdue first
    assert "已完成的事项" not in zhang  # only open tasks
    # The leader's reason is his text: its markup characters cannot become markup.
    assert "<b>" not in zhang and "*原件*" not in zhang and "＜b＞签到表＜/b＞" in zhang
    assert "活动“廉洁教育专题讲座”待确认（待审核，涉及 张伟）" in digests["王建国"]
    # Both roles' tasks in one digest, the meeting asked of both roles once.
    assert digests["何俊"].count("全体干部会") == 1 and "待办提醒：5 项" in digests["何俊"]
    assert "已通过企业微信群机器人向张伟（zhangwei）发送 4 项待办提醒。" in out


@pytest.mark.backends("sqlite")
def test_a_dingtalk_robot_gets_the_digest_as_text_with_the_leaders_reason_as_written(office, robot):
    code, out, err = run(office, webhook=Webhook(robot.url, "dingtalk"))
    assert code == 0, err
    assert {b["msgtype"] for b in robot.bodies} == {"text"} and all(set(b) == {"msgtype", "text"} for b in robot.bodies)
    zhang = by_name(robot.bodies)["张伟"]
    assert zhang.startswith("【机关文化建设台账】待办提醒：4 项（1 项已逾期）\n张伟，您好！")
    assert "年度理论文章（截止" in zhang and "，已逾期）" in zhang
    assert f"【日学一时】活动记录“三争做主题党日”（已退回，待更正，退回理由：{RETURN_REASON}）" in zhang
    assert zhang.endswith("请登录机关文化建设台账办理。")


@pytest.mark.backends("sqlite")
def test_a_generic_json_webhook_set_in_the_environment_gets_the_digest_and_its_items(
    capsys, store_url, installed_office, robot, monkeypatch
):
    monkeypatch.setenv("CULTURE_LEDGER_REMIND_WEBHOOK", robot.url)
    monkeypatch.setenv("CULTURE_LEDGER_REMIND_WEBHOOK_FORMAT", "json")
    code, out, err = remind(capsys, store_url)
    assert code == 0, err
    (zhang,) = [b for b in robot.bodies if b["username"] == "zhangwei"]
    assert zhang["name"] == "张伟" and zhang["day"] == clock.today().isoformat()
    assert "待办提醒" in zhang["subject"] and "张伟，您好！" in zhang["text"]
    paper = next(i for i in zhang["items"] if i["title"] == "chores.paper")
    assert paper["state"] == "overdue" and paper["due"] == (clock.today() - timedelta(days=7)).isoformat()
    assert paper["text"].startswith("【日学一时】") and "已逾期" in paper["text"]
    assert not [b for b in robot.bodies if b["username"] in ("huxiaodong", "gone")]


@pytest.mark.backends("sqlite")
def test_each_person_with_an_address_gets_an_email_in_chinese(office, mail_server):
    mailer = Mailer("127.0.0.1", mail_server.port, "ledger@altay.gov.cn", security="none")
    code, out, err = run(office, mailer=mailer)
    assert code == 0, err
    mails = {
        tuple(e.rcpt_tos): message_from_bytes(e.content, policy=policy.default) for e in mail_server.handler.envelopes
    }
    # The address set on the account, and the username that is an address; 何俊 has none.
    assert set(mails) == {("zhangwei@altay.gov.cn",), ("wang.jianguo@altay.gov.cn",)}
    zhang = mails[("zhangwei@altay.gov.cn",)]
    assert zhang["Subject"] == "【机关文化建设台账】待办提醒：4 项（1 项已逾期）"
    assert zhang["From"] == "ledger@altay.gov.cn" and zhang["To"] == "zhangwei@altay.gov.cn"
    body = zhang.get_content()
    assert "张伟，您好！" in body and "年度理论文章" in body and "已逾期" in body and RETURN_REASON in body
    assert "何俊（hejun）的账户没有电子邮箱地址" in out
    recorded = {(r["recipient"], r["channel"], r["address"]) for r in office.reminders.sent()}
    assert recorded == {
        ("zhangwei", "email", "zhangwei@altay.gov.cn"),
        ("wang.jianguo@altay.gov.cn", "email", "wang.jianguo@altay.gov.cn"),
    }


@pytest.mark.backends("sqlite")
def test_a_webhook_answering_500_for_one_person_says_why_in_chinese_and_the_others_still_go(office, robot):
    robot.answer = lambda body: (500, {}) if "王建国，您好" in text_of(body) else (200, {"errcode": 0})
    code, out, err = run(office, webhook=Webhook(robot.url, "dingtalk"))
    assert code == 1
    assert "向王建国（wang.jianguo@altay.gov.cn）发送提醒失败（钉钉群机器人）：接收方返回 HTTP 500 错误" in err
    assert "未记为已发送" in err
    assert set(by_name(robot.bodies)) == {"张伟", "何俊"}
    assert {r["recipient"] for r in office.reminders.sent()} == {"zhangwei", "hejun"}


@pytest.mark.backends("sqlite")
def test_a_robot_answering_an_error_code_has_not_delivered(office, robot):
    robot.answer = lambda body: (200, {"errcode": 93000, "errmsg": "invalid webhook url"})
    code, out, err = run(office, webhook=Webhook(robot.url, "wecom"))
    assert code == 1
    assert "群机器人拒收（错误码 93000：invalid webhook url）" in err
    assert office.reminders.sent() == []


@pytest.mark.backends("sqlite")
def test_a_webhook_refusing_the_connection_fails_everyone_clearly_and_records_nothing(office):
    url = f"http://127.0.0.1:{free_port()}/send"  # nobody listens there
    code, out, err = run(office, webhook=Webhook(url, "wecom"))
    assert code == 1
    assert err.count("发送提醒失败（企业微信群机器人）：无法连接接收方") == 3
    assert office.reminders.sent() == []


@pytest.mark.backends("sqlite")
def test_the_dry_run_prints_each_persons_digest_and_sends_and_writes_nothing(office, robot):
    head = office.app.head()
    code, out, err = run(office, webhook=Webhook(robot.url, "wecom"), dry_run=True)
    assert code == 0, err
    assert robot.bodies == []
    assert "—— 张伟（zhangwei），将通过：企业微信群机器人 ——" in out
    assert "收件地址：zhangwei@altay.gov.cn" in out
    assert "张伟，您好！" in out and "王建国，您好！" in out and "何俊，您好！" in out
    assert "主任" not in out and "胡晓东" not in out and "离职人员" not in out
    assert "未发送任何提醒，也未写入任何记录" in out
    assert office.app.head() == head


def test_running_again_the_same_day_sends_nothing_new_and_force_sends_it_again(office, robot):
    webhook = Webhook(robot.url, "wecom")
    code, out, err = run(office, webhook=webhook)
    assert code == 0 and len(robot.bodies) == 3
    first = office.reminders.sent()
    code, out, err = run(office, webhook=webhook)
    assert code == 0 and len(robot.bodies) == 3
    assert "张伟（zhangwei）今天已通过企业微信群机器人收到同样的提醒，不再重复发送" in out
    assert office.reminders.sent() == first
    code, out, err = run(office, webhook=webhook, force=True)
    assert code == 0 and len(robot.bodies) == 6 and len(office.reminders.sent()) == 6


def test_a_new_item_the_same_day_brings_the_whole_digest_again_to_those_it_concerns(office, robot):
    webhook = Webhook(robot.url, "dingtalk")
    run(office, webhook=webhook)
    assert len(robot.bodies) == 3
    office.people.register_cadre(
        {
            "name": "阿依古丽·努尔兰",
            "department_id": office.people.register_department({"name": "办公室"}, CHIEF),
            "position": "科员",
            "joined_on": clock.today(),
        },
        CHIEF,
    )
    code, out, err = run(office, webhook=webhook)
    assert code == 0, err
    again = by_name(robot.bodies[3:])
    assert set(again) == {"张伟", "何俊"}  # staff get the welcome; the leader has nothing new
    assert "认识新同事阿依古丽·努尔兰" in again["张伟"] and "年度理论文章" in again["张伟"]
    assert "王建国（wang.jianguo@altay.gov.cn）今天已通过钉钉群机器人收到同样的提醒" in out


@pytest.mark.usefixtures("system_channel")
def test_what_was_dealt_with_since_the_morning_sends_nothing_new(office):
    reminders, day = office.reminders, clock.today()
    study = {"source": "chores.staff", "title": "chores.study_today", "state": "due", "text": "今日学习 60 分钟"}
    paper = {"source": "chores.staff", "title": "chores.paper", "state": "overdue", "text": "年度理论文章"}
    reminders.record_sent("zhangwei", "wecom", None, day, [study, paper], "morning", SYSTEM)
    assert reminders.already_sent("zhangwei", "wecom", day, "noon", [paper])  # the study was recorded since
    assert not reminders.already_sent("zhangwei", "email", day, "noon", [paper])  # another channel
    assert not reminders.already_sent("zhangwei", "wecom", day + timedelta(days=1), "noon", [paper])  # another day
    assert not reminders.already_sent("zhangwei", "wecom", day, "noon", [paper, {**study, "title": "chores.meeting"}])
    with pytest.raises(LedgerError):  # the log refuses the same reminder twice
        reminders.record_sent("zhangwei", "wecom", None, day, [study, paper], "morning", SYSTEM)


def test_each_reminder_sent_is_an_event_saying_who_was_reminded_of_what_through_which_channel(office, robot):
    run(office, webhook=Webhook(robot.url, "dingtalk"))
    (zhang,) = [r for r in office.reminders.sent() if r["recipient"] == "zhangwei"]
    assert zhang["channel"] == "dingtalk" and zhang["day"] == clock.today().isoformat()
    assert zhang["by_account"] == "pytest@cli" and zhang["at"]
    assert [i["title"] for i in zhang["items"]] == [
        "chores.paper",
        "chores.study_today",
        "chores.meeting",
        "chores.returned",
    ]
    assert zhang["items"][0]["text"].startswith("【日学一时】") and zhang["items"][3]["note"] == RETURN_REASON
    topics = [n.topic for page in office.app.pages() for n in page]
    assert topics.count("plugins.remind.domain:Reminder.Sent") == 3
    event = office.app.repository.get(UUID(zhang["id"]))  # the log itself, as an auditor replays it
    assert (event.recipient, event.channel, event.day) == ("zhangwei", "dingtalk", clock.today())
    assert event.items == zhang["items"]


@pytest.mark.backends("sqlite")
def test_without_a_webhook_or_a_mail_server_the_command_says_what_to_set(
    capsys, store_url, installed_office, monkeypatch
):
    for name in ("CULTURE_LEDGER_REMIND_WEBHOOK", "CULTURE_LEDGER_SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    code, out, err = remind(capsys, store_url)
    assert code == 2 and "未配置发送渠道" in err and "CULTURE_LEDGER_SMTP_HOST" in err
    code, out, err = remind(capsys, store_url, "--webhook", "ftp://robot")
    assert code == 2 and "网络钩子地址应以 http:// 或 https:// 开头" in err


@pytest.mark.backends("sqlite")
def test_at_half_past_midnight_beijing_time_the_digest_is_for_the_beijing_day(
    capsys, store_url, installed_office, monkeypatch
):
    monkeypatch.delenv("CULTURE_LEDGER_TZ", raising=False)
    with clock.simulated(datetime(2026, 12, 22, 16, 30, tzinfo=UTC)):  # 00:30 on the 23rd in Beijing
        code, out, err = remind(capsys, store_url, "--dry-run")
    assert code == 0, err
    assert "截至 2026年12月23日" in out and "今日学习 60 分钟（截止 12月23日）" in out
    assert "（未配置发送渠道）" in out  # a dry run needs no channel, and says there is none


def self_signed(folder) -> tuple[str, str]:
    """A certificate for 127.0.0.1 and its key, as an office's own mail server might have."""
    from datetime import datetime as dt
    from ipaddress import IPv4Address

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mail.altay.test")])
    now = dt.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "mail.pem", folder / "mail.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return str(cert_file), str(key_file)


@pytest.mark.backends("sqlite")
def test_the_mail_server_is_reached_over_starttls_and_signed_in_to(
    capsys, store_url, installed_office, tmp_path, monkeypatch
):
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    cert, key = self_signed(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)

    class Keep:
        envelopes: list = []

        async def handle_DATA(self, server, session, envelope):
            self.envelopes.append(envelope)
            return "250 OK"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login, auth_data.password) == (b"ledger", b"Mail-Secret-2026")
        return AuthResult(success=ok, handled=False, auth_data=auth_data)  # a refusal answers 535

    controller = Controller(
        Keep(),
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=tls,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticator,
    )
    controller.start()
    try:
        for name, value in {
            "CULTURE_LEDGER_SMTP_HOST": "127.0.0.1",
            "CULTURE_LEDGER_SMTP_PORT": str(controller.port),
            "CULTURE_LEDGER_SMTP_USER": "ledger",
            "CULTURE_LEDGER_SMTP_PASSWORD": "Wrong-Password",
            "CULTURE_LEDGER_SMTP_FROM": "ledger@altay.gov.cn",
            "CULTURE_LEDGER_SMTP_CAFILE": cert,
        }.items():
            monkeypatch.setenv(name, value)
        code, out, err = remind(capsys, store_url)
        assert code == 1 and "（电子邮件）：邮件服务器拒收（535" in err
        installed_office.catch_up()
        assert controller.handler.envelopes == [] and installed_office.reminders.sent() == []
        monkeypatch.setenv("CULTURE_LEDGER_SMTP_PASSWORD", "Mail-Secret-2026")
        code, out, err = remind(capsys, store_url)
        assert code == 0, err
        assert sorted(e.rcpt_tos[0] for e in controller.handler.envelopes) == [
            "wang.jianguo@altay.gov.cn",
            "zhangwei@altay.gov.cn",
        ]
        assert "Mail-Secret-2026" not in out + err
    finally:
        controller.stop()


@pytest.mark.slow
@pytest.mark.backends("sqlite")
def test_on_the_demo_office_each_person_gets_their_open_tasks_worded_and_nothing_done(store_url, robot):
    from culture_ledger.demo import seed_demo

    with clock.simulated(datetime(2026, 12, 7, 1, 0, tzinfo=UTC)):  # 09:00 in Beijing
        led = Ledger(Registry.load(entry_point_group=None), url=store_url)  # the built-ins alone
        seed_demo(led, weeks=2)
        code, out, err = run(led, webhook=Webhook(robot.url, "dingtalk"))
        asked = {}  # what the plugins' own to-do sources say of each demo account, role by role
        for account in led.accounts.accounts():
            tasks = [
                task
                for role in account["roles"]
                for found in led.registry.tasks(led, Actor(account["username"], role, "system"), clock.today()).values()
                for task in found
            ]
            asked[account["cadre"] or account["display_name"]] = tasks
        led.close()
    assert code == 0, err
    digests = {text_of(b).split("，您好")[0].splitlines()[-1]: text_of(b) for b in robot.bodies}
    assert set(digests) == {name for name, tasks in asked.items() if any(t.is_open() for t in tasks)}
    assert digests, "the demo office has something open for someone"
    for name, text in digests.items():
        open_tasks = {
            (t.title, json.dumps(dict(t.params), sort_keys=True, default=str), t.state, t.due, t.record)
            for t in asked[name]
            if t.is_open()
        }
        assert f"待办提醒：{len(open_tasks)} 项" in text.splitlines()[0], name  # the done ones are left out
        for task in asked[name]:
            if task.is_open():
                assert led.catalog.t("zh", task.title, **task.params) in text, name  # worded as the catalog says
