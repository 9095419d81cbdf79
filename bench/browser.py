"""Every page in a real browser: how long a person waits after a click in the navigation.

    python -m bench.browser URL [--rounds 3] [--skip TITLE ...] [--only TITLE ...] [--role leader]
        ->  one JSON line (what `make bench` reads)

The dashboard is served on the store as `culture-ledger serve` serves it (Streamlit with
streamlit_config.toml), and Debian's Chromium (never a downloaded browser) signs in as the demo
leader and as the demo auditor, then clicks every page its navigation offers, `rounds` times
round. A visit is timed from the click (stamped inside the page, `performance.now()`) to the
moment Streamlit's script run finished: the app's `data-test-script-state` back at `notRunning`
after it ran, and quiet for `QUIET` seconds (a page that reruns itself once is timed to its
last run; the quiet spell itself is not counted). On the auditor's event browser, 下一页 is
timed the same way (a page change within a page).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
QUIET = 0.4
"""Seconds the script state must stay `notRunning` for a visit to count as drawn."""
ROLES = ("leader", "auditor")

# Stamps every change of the app's script state (performance.now(), in the page's own clock).
WATCH = """() => {
  if (window.__benchWatch) return;
  window.__benchWatch = true;
  window.__benchStates = [];
  const app = document.querySelector('[data-testid="stApp"]');
  const note = () => window.__benchStates.push([performance.now(), app.getAttribute('data-test-script-state')]);
  note();
  new MutationObserver(note).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""

# Clicks an element and returns the moment of the click.
CLICK = """(element) => { const t = performance.now(); element.click(); return t; }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(store_url: str):
    """The dashboard on `store_url`, as `culture-ledger serve` runs it; yields its URL."""
    from culture_ledger.launcher import ENTRY, streamlit_flags, wait_until_serving

    port = free_port()
    env = {
        **os.environ,
        "CULTURE_LEDGER_STORE": store_url,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    flags = streamlit_flags(overrides={"server.port": port, "server.address": "127.0.0.1"})
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ENTRY), *flags],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process, timeout=120)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def drawn(page, clicked: float, timeout: float = 60.0) -> float:
    """Seconds from `clicked` (page clock, ms) until the script run it started had finished."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = page.evaluate("() => window.__benchStates")
        after = [(t, s) for t, s in states if t >= clicked]
        ran = any(s == "running" for _, s in after)
        last_t, last_s = states[-1]
        now = page.evaluate("() => performance.now()")
        if ran and last_s == "notRunning" and now - last_t >= QUIET * 1000:
            return (last_t - clicked) / 1000
        if not ran and now - clicked >= 3000 and last_s == "notRunning":
            return 0.0  # no script run was seen after the click: not a visit (left out of the figures)
        time.sleep(0.05)
    raise TimeoutError(f"the page was still running after {timeout:.0f} s")


def settle(page) -> None:
    """Wait until nothing has run for QUIET seconds (after signing in, say)."""
    page.evaluate(WATCH)
    drawn(page, page.evaluate("() => performance.now()") - 10_000, timeout=120)


def sign_in(page, url: str, username: str, password: str) -> None:
    page.goto(url)
    page.get_by_text("请登录").wait_for(timeout=120_000)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
    page.get_by_test_id("stSidebarNav").wait_for(timeout=120_000)
    settle(page)


def shown_title(text: str | None) -> str:
    """A navigation link's title as a person reads it: without its icon's ligature name
    (`monitoring 领导驾驶舱`) and without a count that changes (`待审核 · 31`)."""
    text = re.sub(r"\s+", " ", (text or "").strip())
    text = re.sub(r"^[a-z_]+ ", "", text)
    return re.sub(r" · \d+$", "", text)


def click_timed(page, locator) -> float:
    page.evaluate(WATCH)
    clicked = locator.evaluate(CLICK)
    return drawn(page, clicked)


def visit_pages(
    browser, url: str, role: str, rounds: int, skip: tuple[str, ...] = (), only: tuple[str, ...] = ()
) -> dict:
    """Every page `role`'s demo account sees (but those titled in `skip`; with `only`, just those
    titled there), `rounds` visits each through the navigation."""
    from plugins.accounts.demo import DEMO_ACCOUNTS

    username, password = next((u, p) for u, r, _, p in DEMO_ACCOUNTS if r == role)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        sign_in(page, url, username, password)
        nav = page.get_by_test_id("stSidebarNav")
        links = nav.get_by_role("link")
        titles = [shown_title(links.nth(i).inner_text()) for i in range(links.count())]
        visited = [i for i, title in enumerate(titles) if title not in skip and (not only or title in only)]
        times: dict[str, list[float]] = {titles[i]: [] for i in visited}
        for _ in range(rounds):
            for n, i in enumerate(visited):
                # The page before it is another one, so every visit draws its page afresh.
                if n == 0 and len(visited) > 1:
                    click_timed(page, nav.get_by_role("link").nth(visited[-1]))
                times[titles[i]].append(click_timed(page, nav.get_by_role("link").nth(i)))
        paging: list[float] = []
        if role == "auditor":
            events = next((i for i, title in enumerate(titles) if title.startswith("事件浏览")), None)
            if events is not None:
                click_timed(page, nav.get_by_role("link").nth(events))
                for _ in range(rounds * 2):
                    older = page.get_by_role("button", name="下一页")
                    if older.count() == 0 or older.first.is_disabled():
                        break
                    paging.append(click_timed(page, older.first))
        return {"pages": times, "paging": paging}
    finally:
        context.close()


def measure(
    url: str, rounds: int = 3, skip: tuple[str, ...] = (), only: tuple[str, ...] = (), roles: tuple[str, ...] = ROLES
) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for role in roles:
                out[role] = visit_pages(browser, url, role, rounds, skip, only)
        finally:
            browser.close()
    return out


def summary(visits: dict[str, list[float]]) -> dict:
    """The slowest page by its median, and the slowest single visit of any page (a click after which
    no script run was seen, timed 0, is left out and counted as `unseen`)."""
    unseen = sum(1 for t in visits.values() for v in t if v <= 0)
    visits = {title: [v for v in t if v > 0] for title, t in visits.items()}
    medians = {title: statistics.median(t) for title, t in visits.items() if t}
    slowest = max(medians, key=medians.get)
    worst_title = max(visits, key=lambda title: max(visits[title], default=0))
    return {
        "pages": len(medians),
        "visits": sum(len(t) for t in visits.values()),
        "slowest_page": slowest,
        "slowest_median": medians[slowest],
        "worst_page": worst_title,
        "worst": max(visits[worst_title]),
        "medians": medians,
        "unseen": unseen,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.browser")
    parser.add_argument("store")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--skip", action="append", default=[], metavar="TITLE", help="a page not to visit, by its title (repeatable)"
    )
    parser.add_argument(
        "--only", action="append", default=[], metavar="TITLE", help="visit just this page, by its title (repeatable)"
    )
    parser.add_argument(
        "--role", action="append", default=[], choices=ROLES, help="just this demo account's pages (repeatable)"
    )
    args = parser.parse_args(argv)
    with served(args.store) as url:
        found = measure(url, args.rounds, tuple(args.skip), tuple(args.only), tuple(args.role) or ROLES)
        print(json.dumps(found, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
