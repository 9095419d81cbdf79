"""In a real browser: the login page stands in front of every URL, and each role's navigation
holds only its pages."""

import os
import shutil
import socket
import subprocess
import sys
import time

import pytest

from culture_ledger.launcher import CONFIG, ENTRY, ROOT, streamlit_flags

CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is installed by `make test`"),
]
PASSWORD = "Jiguan-Wenhua-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(ledger, office, admin, store_url):
    for username in ("clerk", "admin"):
        ledger.accounts.reset_password(username, PASSWORD, admin)
    port = free_port()
    env = {**os.environ, "CULTURE_LEDGER_STORE": store_url, "PYTHONPATH": str(ROOT)}
    flags = streamlit_flags(CONFIG, {"server.port": port, "server.address": "127.0.0.1"})
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ENTRY), *flags],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    output = process.communicate(timeout=20)[0].decode(errors="replace")
    assert PASSWORD not in output  # nor in the server's own output


def sign_in(page, username, password):
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()


def test_staff_and_admin_each_see_their_own_navigation_and_a_forbidden_url_shows_the_login(server, browser):
    page = browser.new_page()
    page.goto(f"{server}/people")  # not signed in: the login page, nothing of the people page
    page.get_by_text("请登录").wait_for(timeout=30000)
    assert page.get_by_text("干部名册").count() == 0
    assert page.get_by_role("link", name="people").count() == 0  # no old-style page list either
    page.wait_for_timeout(1000)
    assert page.get_by_text("Page not found").count() == 0  # a page's URL shows the login, not Streamlit's notice
    page.goto(f"{server}/home")  # the home page's own name, and a path that names no page: the login form only
    page.get_by_text("请登录").wait_for(timeout=30000)
    page.goto(f"{server}/no-such-page")
    page.get_by_text("请登录").wait_for(timeout=30000)
    page.wait_for_timeout(1000)
    assert page.get_by_text("Page not found").count() == 0

    sign_in(page, "clerk", PASSWORD)
    page.get_by_role("link", name="日学一时 · 填报").wait_for(timeout=30000)
    page.goto(f"{server}/home")  # signed in: /home is the home page, in Chinese, with no notice over it
    page.get_by_text("三大理念 · 四强队伍 · 五大载体").wait_for(timeout=30000)
    page.wait_for_timeout(1000)
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_role("link", name="科室与干部").count() == 0
    assert page.get_by_role("link", name="账户管理").count() == 0
    assert page.get_by_text("干部名册").count() == 0

    admin = browser.new_page()
    admin.goto(server)
    admin.get_by_text("请登录").wait_for(timeout=30000)
    sign_in(admin, "admin", PASSWORD)
    admin.get_by_role("link", name="科室与干部").click()
    admin.get_by_text("干部名册").wait_for(timeout=30000)
    admin.get_by_role("link", name="账户管理").click()
    admin.get_by_text("角色授予记录").wait_for(timeout=30000)
