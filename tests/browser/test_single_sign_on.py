"""Issue 15, single sign-on that works: 使用统一身份认证登录 goes the whole OpenID Connect round
trip against a real provider (panva's oidc-provider, the npm package, pinned in oidc/package-lock.json
and started by the test on a free port): its login form, back through Streamlit's st.login to
the dashboard, signed in as the account the identity maps to, on that role's pages. An identity
without an account is refused in Chinese.

The provider is installed with `npm ci` into a cache folder on first use (node and npm come with
`make system-deps`); the app is served with its own secrets file (`secrets.files`), so the
user's own ~/.streamlit is never read or written."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import dashboard_on, free_port
from tests.browser.dashboard import Dashboard

pytestmark = pytest.mark.slow

OIDC = Path(__file__).resolve().parent / "oidc"
FILES = ("package.json", "package-lock.json", "provider.mjs")
CLIENT_ID, CLIENT_SECRET = "culture-ledger", "a-client-secret-for-the-test-only"


def provider_folder() -> Path:
    """The provider, installed once per version of its lock file into the user's cache."""
    npm, node = shutil.which("npm"), shutil.which("node")
    assert npm and node, "node and npm are needed for the SSO test: `make system-deps` installs them"
    stamp = hashlib.sha256((OIDC / "package-lock.json").read_bytes()).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = cache / "culture-ledger" / f"oidc-provider-{stamp}"
    folder.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copy(OIDC / name, folder / name)
    if not (folder / "node_modules" / "oidc-provider").is_dir():
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=folder,
            check=True,
            capture_output=True,
            timeout=300,
        )
    return folder


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def sso_app(ledger, store_url, tmp_path):
    """The dashboard at http://localhost:PORT with [auth] pointing at a provider of its own."""
    app_port, provider_port = free_port(), free_port()
    redirect = f"http://localhost:{app_port}/oauth2callback"
    folder = provider_folder()
    log = (tmp_path / "provider.log").open("wb")
    provider = subprocess.Popen(
        ["node", "provider.mjs", str(provider_port), CLIENT_ID, CLIENT_SECRET, redirect],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        issuer = f"http://localhost:{provider_port}"
        wait_for(f"{issuer}/.well-known/openid-configuration")
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "{redirect}"\n'
            f'cookie_secret = "{os.urandom(16).hex()}"\n'
            f'client_id = "{CLIENT_ID}"\n'
            f'client_secret = "{CLIENT_SECRET}"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
            'client_kwargs = { prompt = "login" }\n',
            encoding="utf-8",
        )
        with dashboard_on(store_url, port=app_port, settings={"secrets.files": str(secrets)}):
            yield f"http://localhost:{app_port}"
    finally:
        provider.terminate()
        provider.wait(timeout=10)
        log.close()


def through_the_provider(page, app_url: str, login: str) -> Dashboard:
    """Press 使用统一身份认证登录 and sign in on the provider's own form as `login`."""
    dashboard = Dashboard(page, app_url)
    page.goto(app_url)
    expect(page.get_by_text("请登录")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="使用统一身份认证登录").click()
    page.wait_for_url(lambda url: not url.startswith(app_url))  # at the provider
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password: the provider's development form")
    page.locator("button[type=submit]").click()
    consent = page.get_by_role("button", name="Continue")
    if consent.count() or page.url.rstrip("/").endswith("consent"):
        consent.click()
    else:  # the consent page may take a moment to show
        try:
            consent.click(timeout=5_000)
        except Exception:
            pass
    page.wait_for_url(lambda url: url.startswith(app_url), timeout=30_000)
    dashboard.settled()
    return dashboard


def test_single_sign_on_lands_the_mapped_account_on_its_roles_pages(page, sso_app):
    dashboard = through_the_provider(page, sso_app, "director")  # preferred_username: the leader's account
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_text("director · 领导", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="领导驾驶舱")).to_be_visible()
    expect(nav.get_by_role("link", name="账户管理")).to_have_count(0)
    page.reload()  # and the session outlives the tab, as a password sign-in's does
    dashboard.settled()
    expect(page.get_by_test_id("stSidebar").get_by_text("director · 领导", exact=True)).to_be_visible()


def test_an_identity_without_an_account_is_refused_in_chinese(page, sso_app):
    through_the_provider(page, sso_app, "stranger")
    expect(
        page.get_by_test_id("stAlert").filter(has_text="该统一身份没有对应的台账账户，请联系管理员。")
    ).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    expect(page.get_by_text("请登录")).to_be_visible()
