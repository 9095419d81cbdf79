"""Issue 15, staying signed in, in a real browser: a reload or a new tab goes on in the same
session (the browser holds it in an HttpOnly cookie, the store only its hash); signing out ends
it for good; an administrator disabling the account or resetting its password ends every open
session at its next action."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from domain.actor import Actor
from tests.browser.dashboard import DEMO_LOGINS, Dashboard

DEMO_ADMIN = Actor("demo-admin", "admin", "cli")
"""The demo office's administrator at the command line (`--as demo-admin`)."""

COOKIE = "culture_ledger_session"
SIGNED_IN_AS = {"staff": "张伟 · 工作人员", "leader": "王建国 · 领导"}


def signed_in(dashboard: Dashboard, who: str) -> None:
    """The dashboard shows `who` (name · role) in the sidebar and the navigation, not the login page."""
    dashboard.settled()
    expect(dashboard.page.get_by_test_id("stSidebarNav")).to_be_visible()
    expect(dashboard.page.get_by_test_id("stSidebar").get_by_text(who, exact=True)).to_be_visible()
    expect(dashboard.page.get_by_text("请登录")).to_have_count(0)


def on_the_login_page(dashboard: Dashboard, notice: str | None = None) -> None:
    dashboard.settled()
    expect(dashboard.page.get_by_text("请登录")).to_be_visible()
    expect(dashboard.page.get_by_test_id("stSidebarNav")).to_have_count(0)
    if notice:
        expect(dashboard.alert(notice)).to_be_visible()


def session_cookie(page) -> dict | None:
    """The session cookie once the browser holds it (the page trades its ticket a moment after signing in)."""
    for _ in range(50):
        found = [c for c in page.context.cookies() if c["name"] == COOKIE]
        if found:
            return found[0]
        page.wait_for_timeout(100)
    return None


@pytest.mark.parametrize("role", ["staff", "leader"])
def test_a_reload_and_a_new_tab_keep_them_signed_in(page, served_app, role):
    dashboard = Dashboard(page, served_app.url).open(role)
    signed_in(dashboard, SIGNED_IN_AS[role])
    cookie = session_cookie(page)
    assert cookie is not None
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert COOKIE not in page.evaluate("document.cookie")  # out of reach of the page's scripts

    page.reload()
    signed_in(dashboard, SIGNED_IN_AS[role])
    dashboard.go_to(dashboard.HOME)  # and it acts as before
    signed_in(dashboard, SIGNED_IN_AS[role])

    tab = page.context.new_page()
    tab.goto(served_app.url)
    signed_in(Dashboard(tab, served_app.url), SIGNED_IN_AS[role])


def test_after_signing_out_a_reload_and_a_new_tab_show_the_login_page(page, served_app):
    dashboard = Dashboard(page, served_app.url).open("staff")
    signed_in(dashboard, SIGNED_IN_AS["staff"])
    token = session_cookie(page)["value"]

    page.get_by_test_id("stSidebar").get_by_role("button", name="退出登录").click()
    on_the_login_page(dashboard, "您已退出登录。")
    for _ in range(50):
        if session_cookie_gone(page):
            break
        page.wait_for_timeout(100)
    assert session_cookie_gone(page)  # the cookie is cleared

    page.reload()
    on_the_login_page(dashboard)
    tab = page.context.new_page()
    tab.goto(served_app.url)
    on_the_login_page(Dashboard(tab, served_app.url))

    # Even a copy of the old cookie opens nothing: the session ended in the store.
    page.context.add_cookies([{"name": COOKIE, "value": token, "url": served_app.url}])
    page.reload()
    on_the_login_page(dashboard)


def test_signing_out_ends_the_other_tabs_too_but_not_a_newer_sign_in(page, served_app):
    first = Dashboard(page, served_app.url).open("staff")
    signed_in(first, SIGNED_IN_AS["staff"])
    assert session_cookie(page) is not None
    tab = page.context.new_page()
    tab.goto(served_app.url)
    second = Dashboard(tab, served_app.url)
    signed_in(second, SIGNED_IN_AS["staff"])

    page.get_by_test_id("stSidebar").get_by_role("button", name="退出登录").click()
    on_the_login_page(first, "您已退出登录。")
    first.sign_in(*DEMO_LOGINS["staff"])  # and in again, in the first tab
    signed_in(first, SIGNED_IN_AS["staff"])
    newer = session_cookie(page)

    tab.get_by_test_id("stSidebarNav").get_by_role("link", name=Dashboard.HOME).click()
    on_the_login_page(second, "您已退出登录。")  # the old sign-in is over in every tab
    tab.wait_for_timeout(1_000)  # the login page has posted to clear the old cookie
    assert session_cookie(page) == newer  # the newer sign-in's cookie stays
    page.reload()
    signed_in(first, SIGNED_IN_AS["staff"])


def session_cookie_gone(page) -> bool:
    return not [c for c in page.context.cookies() if c["name"] == COOKIE]


@pytest.fixture
def own_account(served_app):
    """A staff account of its own (the demo accounts stay as they are for the other tests): (username, password)."""
    from culture_ledger.ledger import Ledger

    username, password = f"session-{uuid.uuid4().hex[:6]}", "Zhang-Wei-2026-pw"
    ledger = Ledger(url=served_app.store_url)
    try:
        ledger.accounts.create(
            {"username": username, "display_name": "张伟", "roles": ["staff"], "password": password}, DEMO_ADMIN
        )
        yield ledger, username, password
    finally:
        ledger.close()


def test_disabling_an_account_ends_its_open_sessions_at_their_next_action(page, served_app, own_account):
    ledger, username, password = own_account
    dashboard = Dashboard(page, served_app.url)
    page.goto(served_app.url)
    dashboard.sign_in(username, password)
    signed_in(dashboard, "张伟 · 工作人员")
    assert session_cookie(page) is not None
    tab = page.context.new_page()
    tab.goto(served_app.url)
    second = Dashboard(tab, served_app.url)
    signed_in(second, "张伟 · 工作人员")

    ledger.accounts.disable(username, DEMO_ADMIN)

    dashboard.page.get_by_test_id("stSidebarNav").get_by_role("link", name=Dashboard.HOME).click()
    on_the_login_page(dashboard, "您的账户已停用或权限已变更，请重新登录。")
    tab.reload()
    on_the_login_page(second)
    dashboard.sign_in(username, password)
    expect(dashboard.alert("该账户已停用。")).to_be_visible()


def test_a_password_reset_ends_the_open_sessions_and_the_new_password_signs_in(page, served_app, own_account):
    ledger, username, password = own_account
    dashboard = Dashboard(page, served_app.url)
    page.goto(served_app.url)
    dashboard.sign_in(username, password)
    signed_in(dashboard, "张伟 · 工作人员")
    assert session_cookie(page) is not None

    ledger.accounts.reset_password(username, "Reset-By-Admin-2026", DEMO_ADMIN)

    dashboard.page.get_by_test_id("stSidebarNav").get_by_role("link", name=Dashboard.HOME).click()
    on_the_login_page(dashboard, "您的密码已被重置，请用新密码重新登录。")
    page.reload()
    on_the_login_page(dashboard)
    dashboard.sign_in(username, "Reset-By-Admin-2026")
    signed_in(dashboard, "张伟 · 工作人员")
    page.reload()
    signed_in(dashboard, "张伟 · 工作人员")


def post(url: str, headers: dict[str, str] | None = None, data: bytes = b"") -> tuple[int, list[str]]:
    """POST as a browser's fetch would: the status and the Set-Cookie headers of the answer."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=data, method="POST", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get_all("set-cookie") or []
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_all("set-cookie") or []


def test_the_cookie_route_trades_a_fresh_ticket_once_for_its_own_site_only(served_app, own_account):
    from domain.actor import Actor

    ledger, username, _ = own_account
    start = f"{served_app.url}/_session/start"
    form = {"Content-Type": "application/x-www-form-urlencoded"}

    def ticket() -> bytes:
        return f"ticket={ledger.sessions.start(Actor(username, 'staff', 'form'), 'password').ticket}".encode()

    # Another site's page cannot sign this browser into a session (login CSRF).
    assert post(start, {**form, "Origin": "http://elsewhere.example"}, ticket())[0] == 403
    assert post(start, {**form, "Sec-Fetch-Site": "cross-site"}, ticket())[0] == 403

    fresh = ticket()
    status, cookies = post(start, {**form, "Origin": served_app.url, "Sec-Fetch-Site": "same-origin"}, fresh)
    assert status == 204
    [cookie] = cookies
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert cookie.startswith(f"{COOKIE}=") and {"httponly", "samesite", "path", "max-age"} <= attributes
    assert "samesite=lax" in cookie.lower() and "secure" not in attributes  # plain http here
    assert post(start, form, fresh)[0] == 403  # the same ticket again
    assert post(start, form, b"ticket=made-up")[0] == 403

    # Behind a proxy that serves https, the cookie is Secure.
    status, [cookie] = post(start, {**form, "X-Forwarded-Proto": "https"}, ticket())
    assert status == 204 and "secure" in {part.strip().lower() for part in cookie.split(";")}
