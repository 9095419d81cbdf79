"""The dashboard behind the login: each role gets exactly its pages, a page that is not the
role's shows nothing at its URL, sessions expire when idle, and failed sign-ins lock out."""

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from culture_ledger.registry import Registry
from domain.actor import Actor

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PASSWORD = "Jiguan-Wenhua-2026"

CARRIERS = {page.path for p in Registry.load(entry_point_group=None).carriers for page in p.pages} | {"campaigns"}
"""The five carriers' pages, and 专项活动 (the campaigns they serve), open to every role."""
TEAM = {"study-notebook", "study-paper", "study-training", "study-evaluation", "study-profile"}
STAFFING_READ = {"staffing", "staffing-plan"}
STAFFING_WRITE = {"staffing-decisions", "staffing-staff"}
OVERVIEW = {"overview"}  # the leaders' overview (领导驾驶舱)
AUDIT = {"audit-events", "audit-record", "audit-time-travel", "audit-integrity", "audit-health"}
SHEETS = {"sheets"}  # 导入表格: for those who record (an auditor only reads)
PAGES = {
    "staff": {"home", "study-record", "returned"} | TEAM | CARRIERS | STAFFING_READ | STAFFING_WRITE | SHEETS,
    "leader": {"home", "inbox", "returned", "study-record", "study-compliance", "study-rules"}
    | TEAM
    | CARRIERS
    | STAFFING_READ
    | STAFFING_WRITE
    | OVERVIEW
    | SHEETS,
    "auditor": {"home", "study-compliance", "study-rules", "access-log"}
    | TEAM
    | CARRIERS
    | STAFFING_READ
    | OVERVIEW
    | AUDIT,
    "admin": {
        "home",
        "inbox",
        "returned",
        "desk-deadlines",
        "people",
        "accounts",
        "work-calendar",
        "study-record",
        "study-compliance",
        "study-rules",
        "access-log",
    }
    | TEAM
    | CARRIERS
    | STAFFING_READ
    | STAFFING_WRITE
    | OVERVIEW
    | AUDIT
    | SHEETS,
}
ACCOUNTS = {"staff": "clerk", "leader": "director", "auditor": "inspector", "admin": "admin"}


def _dashboard(app_path):
    import runpy

    runpy.run_path(app_path, run_name="__main__")


@pytest.fixture
def app(ledger, store_url, monkeypatch):
    """The dashboard on the test store (its accounts are the conftest actors').

    Run from a temporary entry script, as `streamlit run streamlit_app.py` runs it (through
    runpy), with st.navigation in charge of every URL."""
    monkeypatch.setenv("CULTURE_LEDGER_STORE", store_url)
    return AppTest.from_function(_dashboard, args=(APP,), default_timeout=60)


def signed_in(app, role):
    app.session_state["actor"] = Actor(ACCOUNTS[role], role, "form")
    return app


def open_url(app, path):
    """What a browser asking for /<path> gets (AppTest has no public way to request a URL path)."""
    app._page_hash = calc_hash(path)
    return app.run()


def titles(app):
    return [t.value for t in app.title]


@pytest.mark.parametrize("role", PAGES)
def test_each_role_gets_exactly_its_pages(app, role):
    signed_in(app, role).run()
    assert not app.exception
    assert set(app.session_state["_pages"]) == PAGES[role]


@pytest.mark.parametrize(
    "role, path, title",
    [
        ("staff", "people", "科室与干部"),
        ("staff", "study-compliance", "日学一时 · 达标情况"),
        ("leader", "access-log", "访问记录"),
        ("auditor", "study-record", "日学一时 · 学习填报"),
    ],
)
def test_a_page_that_is_not_the_roles_shows_nothing_of_itself_at_its_url(app, role, path, title):
    signed_in(app, role).run()
    # Streamlit routes a URL only to a page given to st.navigation; this one was not.
    assert path not in {info.get("url_pathname") for info in app._registered_pages.values()}
    open_url(app, path)
    assert not app.exception
    assert title not in titles(app)
    assert titles(app) == ["机关文化建设台账"]  # the home page instead
    assert len(app.dataframe) == 0 and len(app.text_input) == 0  # no table, no form of the forbidden page
    assert path not in app.session_state["_pages"]


def test_the_admin_opens_the_accounts_page_at_its_url(app):
    signed_in(app, "admin").run()
    open_url(app, "accounts")
    assert not app.exception
    assert titles(app) == ["账户管理"]
    assert "clerk" in app.dataframe[0].value["用户名"].tolist()


@pytest.mark.parametrize("path", ["home", "people", "access-log"])
def test_without_signing_in_every_url_shows_only_the_login_page(app, path):
    app.run()
    # The login page only, answering at every page's path (no "page not found" for a bookmarked page).
    assert {info.get("page_name") for info in app._registered_pages.values()} == {"登录"}
    open_url(app, path)
    assert not app.exception
    assert app.session_state["_pages"] == {}
    assert titles(app) == ["机关文化建设台账"] and [s.value for s in app.subheader] == ["请登录"]
    assert len(app.dataframe) == 0 and len(app.metric) == 0
    assert {w.key for w in app.text_input} <= {"login_username", "login_password"}


def sign_in(app, username, password):
    app.text_input(key="login_username").input(username)
    app.text_input(key="login_password").input(password)
    app.button[0].click()
    return app.run()


def test_signing_in_with_the_right_password_opens_the_roles_dashboard(app, ledger, admin):
    ledger.accounts.reset_password("director", PASSWORD, admin)
    app.run()
    sign_in(app, "director", PASSWORD)
    assert not app.exception
    assert app.session_state["actor"] == Actor("director", "leader", "form")
    assert set(app.session_state["_pages"]) == PAGES["leader"]
    assert titles(app) == ["机关文化建设台账"]
    ledger.catch_up()
    assert [r["what"] for r in ledger.access_log.records(account="director")] == ["login"]


def test_signing_in_starts_a_session_in_the_store_and_signing_out_ends_it(app, ledger, admin):
    ledger.accounts.reset_password("director", PASSWORD, admin)
    app.run()
    sign_in(app, "director", PASSWORD)
    session_id = app.session_state["session_id"]
    assert ledger.sessions.check(session_id) == Actor("director", "leader", "form")
    assert ledger.sessions.open_sessions("director") == 1
    app.sidebar.button(key="logout").click().run()
    assert "session_id" not in app.session_state
    assert ledger.sessions.check(session_id) == "signed_out"
    assert ledger.sessions.open_sessions("director") == 0


def test_a_password_reset_ends_the_open_session_at_its_next_action(app, ledger, admin):
    ledger.accounts.reset_password("clerk", PASSWORD, admin)
    app.run()
    sign_in(app, "clerk", PASSWORD)
    assert app.session_state["_pages"]
    ledger.accounts.reset_password("clerk", "Another-Password-2026", admin)
    app.run()
    assert "actor" not in app.session_state and app.session_state["_pages"] == {}
    assert [i.value for i in app.info] == ["您的密码已被重置，请用新密码重新登录。"]


def test_a_wrong_password_is_refused_and_five_lock_the_account_in_chinese_and_english(app, ledger, admin):
    ledger.accounts.reset_password("clerk", PASSWORD, admin)
    app.run()
    for attempt in range(4):
        sign_in(app, "clerk", f"guess-{attempt}")
        assert [e.value for e in app.error] == ["用户名或密码错误。"]
    sign_in(app, "clerk", "guess-5")
    assert [e.value for e in app.error] == ["登录失败次数过多，账户已锁定，请在 15 分钟后再试。"]
    app.sidebar.selectbox(key="lang_picker").select("en").run()
    sign_in(app, "clerk", PASSWORD)
    assert [e.value for e in app.error] == ["Too many failed sign-ins: the account is locked; try again in 15 minutes."]
    assert "actor" not in app.session_state


def test_an_idle_session_expires_and_shows_the_login_page(app, monkeypatch):
    monkeypatch.setenv("CULTURE_LEDGER_IDLE_MINUTES", "20")
    signed_in(app, "leader")
    app.session_state["last_seen"] = time.time() - 19 * 60
    app.run()
    assert app.session_state["_pages"]  # still signed in after 19 idle minutes
    app.session_state["last_seen"] = time.time() - 21 * 60
    app.run()
    assert "actor" not in app.session_state
    assert app.session_state["_pages"] == {}
    assert [i.value for i in app.info] == ["您已超过 20 分钟未操作，已自动退出，请重新登录。"]


def test_disabling_an_account_ends_its_open_session(app, ledger, admin):
    signed_in(app, "staff").run()
    assert app.session_state["_pages"]
    ledger.accounts.disable("clerk", admin)
    app.run()
    assert "actor" not in app.session_state
    assert [i.value for i in app.info] == ["您的账户已停用或权限已变更，请重新登录。"]


def test_signing_out_returns_to_the_login_page_and_is_recorded(app, ledger):
    signed_in(app, "auditor").run()
    app.sidebar.button(key="logout").click().run()
    assert not app.exception
    assert "actor" not in app.session_state
    assert [i.value for i in app.info] == ["您已退出登录。"]
    ledger.catch_up()
    assert [r["what"] for r in ledger.access_log.records(account="inspector")] == ["logout"]


def test_an_account_with_two_roles_switches_between_their_dashboards(app, ledger, admin):
    ledger.accounts.grant("director", "staff", admin)
    signed_in(app, "leader").run()
    app.sidebar.selectbox(key="role_picker").select("staff").run()
    assert app.session_state["actor"] == Actor("director", "staff", "form")
    assert set(app.session_state["_pages"]) == PAGES["staff"]


def test_a_single_sign_on_identity_is_mapped_to_the_account_with_its_email(app, ledger, admin):
    ledger.accounts.create(
        {"username": "wang.jianguo@altay.gov.cn", "display_name": "王建国", "roles": ["leader"]}, admin
    )
    app.user = {"is_logged_in": True, "email": "Wang.Jianguo@altay.gov.cn", "name": "王建国"}
    app.run()
    assert not app.exception
    assert app.session_state["actor"] == Actor("wang.jianguo@altay.gov.cn", "leader", "form")
    assert set(app.session_state["_pages"]) == PAGES["leader"]


def test_a_single_sign_on_identity_without_an_account_gets_the_login_page(app):
    app.user = {"is_logged_in": True, "email": "stranger@example.com"}
    app.run()
    assert "actor" not in app.session_state
    assert [e.value for e in app.error] == ["该统一身份没有对应的台账账户，请联系管理员。"]


def test_the_access_record_page_lists_who_looked_and_records_its_own_opening(app, ledger, auditor):
    ledger.access_log.record(auditor, "export:log", {"upto": 120})
    signed_in(app, "auditor").run()
    open_url(app, "access-log")
    assert not app.exception
    assert titles(app) == ["访问记录"]
    shown = app.dataframe[0].value
    assert list(shown["访问内容"]) == ["打开页面：访问记录", "导出台账"]
    open_url(app, "access-log")  # a rerun of the same view is not a new access
    ledger.catch_up()
    assert len(ledger.access_log.records(what="page:access-log")) == 1


def test_the_admin_creates_an_account_on_the_accounts_page(app, ledger):
    signed_in(app, "admin").run()
    open_url(app, "accounts")
    app.text_input(key="account_username").input("li.xiuying")
    app.text_input(key="account_display_name").input("李秀英")
    app.multiselect(key="account_roles").select("staff")
    app.text_input(key="account_password").input(PASSWORD)
    app.text_input(key="account_password_again").input(PASSWORD)
    next(b for b in app.button if b.label == "提交").click().run()
    assert not app.exception
    assert [toast.value for toast in app.toast] == ["已记录。"]
    ledger.catch_up()
    assert ledger.accounts.authenticate("li.xiuying", PASSWORD).role == "staff"


def test_the_single_sign_on_button_shows_only_where_it_is_configured(app):
    app.run()
    assert "使用统一身份认证登录" not in [b.label for b in app.button]
    app.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "culture-ledger",
        "client_secret": "s",
        "server_metadata_url": "https://sso.example.gov.cn/.well-known/openid-configuration",
    }
    app.run()
    assert not app.exception
    assert "使用统一身份认证登录" in [b.label for b in app.button]


def test_a_bookmarked_page_shows_the_login_and_opens_once_signed_in(app, ledger, admin):
    ledger.accounts.reset_password("director", PASSWORD, admin)
    open_url(app, "study-compliance")
    assert not app.exception
    assert [s.value for s in app.subheader] == ["请登录"] and len(app.dataframe) == 0
    sign_in(app, "director", PASSWORD)
    assert not app.exception
    assert titles(app) == ["日学一时 · 达标情况"]


def test_the_admin_sets_where_an_accounts_reminders_go_by_email(app, ledger):
    signed_in(app, "admin").run()
    open_url(app, "accounts")
    app.selectbox(key="account_email_who").select(ACCOUNTS["staff"])
    app.text_input(key="account_email_address").input("zhangwei@altay")
    next(b for b in app.button if b.label == "设置提醒邮箱").click().run()
    assert "电子邮箱地址格式不正确" in " ".join(e.value for e in app.error)
    app.selectbox(key="account_email_who").select(ACCOUNTS["staff"])  # the form starts afresh after a submit
    app.text_input(key="account_email_address").input("zhangwei@altay.gov.cn")
    next(b for b in app.button if b.label == "设置提醒邮箱").click().run()
    assert not app.exception
    assert "已记录。" in [s.value for s in app.success] + [t.value for t in app.toast]  # said, as the shell says it
    ledger.catch_up()
    assert ledger.accounts.email_of(ACCOUNTS["staff"]) == "zhangwei@altay.gov.cn"
    app.run()  # the table above the forms shows it from the next run on
    assert "zhangwei@altay.gov.cn" in app.dataframe[0].value["电子邮箱"].tolist()
