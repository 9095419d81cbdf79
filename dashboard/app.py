"""The dashboard's entry script: navigation built from the registered pages."""

from functools import partial

import streamlit as st

from dashboard import login
from dashboard.chrome import drawing, language_picker, ledger, show_page, streamlit_in_language, t
from domain import clock

# The sidebar starts open on a wide screen and folded away on a phone ("auto"), where it would cover the page.
st.set_page_config(
    page_title="机关文化建设台账", page_icon=":material/menu_book:", layout="wide", initial_sidebar_state="auto"
)

ROOT = "index"
"""The default page's own path name: Streamlit serves the default page at the root URL only, so the
page whose path is `home` is registered under this name and `/home` stays free for an alias."""


def asked_for() -> str:
    """The page path in the URL the browser opened (`/home` -> "home"); "" at the root, or when the
    app itself changed pages (Streamlit then asks by page, not by URL)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    manager = getattr(get_script_run_ctx(), "pages_manager", None)
    return str(getattr(manager, "intended_page_name", None) or "").strip().strip("/")


def unknown_path(known: set[str]) -> str | None:
    """A URL path that names no page (`/home`, `/nowhere`): it gets the default page under its own
    name, so Streamlit shows that page and not its English "Page not found" notice over it (and
    signing in there keeps the form's input: the page stays the same)."""
    asked = asked_for()
    if asked and asked not in known and "/" not in asked:
        # kept for the tab: its next runs (a form submitted there) ask by that page, not by URL
        st.session_state["_asked_path"] = asked
    kept = st.session_state.get("_asked_path")
    return kept if kept and kept not in known else None


def nav_title(led, current, today, page) -> str:
    """The page's title, with what its badge counts for the signed-in actor (e.g. 首页 · 待办 3)."""
    title, count = t(page.title), page.count(led, current, today)
    if not count:
        return title
    return f"{title} · {t(page.badge_title, n=count) if page.badge_title else count}"


def main() -> None:
    led = ledger()
    language_picker()
    streamlit_in_language()

    current = login.current_actor()
    if current is None:
        # Not signed in: the login page is the only page, so no URL shows anything else. It answers at
        # the home page's path and at every registered page's path (a link to /overview shows the login
        # form, not Streamlit's "page not found"); signing in then opens that page if the role has it.
        st.session_state["_pages"] = {}
        paths = [page.path for page in led.registry.pages]
        other = unknown_path(set(paths))
        st.navigation(
            [
                st.Page(login.render, title=t("page.login"), icon=":material/login:", url_path=ROOT, default=True),
                *(
                    st.Page(login.render, title=t("page.login"), icon=":material/login:", url_path=path)
                    for path in dict.fromkeys([*paths, *([other] if other else [])])
                ),
            ],
            position="hidden",
        ).run()
        st.stop()
    login.account_sidebar(current)

    today = clock.today()
    sections: dict[str, list] = {}
    pages = {}
    # Only the role's pages are registered: another page's URL falls back to the default page.
    allowed = led.registry.pages_for(current.role)
    default = "home" if any(page.path == "home" for page in allowed) else allowed[0].path
    for page in allowed:
        pages[page.path] = st.Page(
            partial(show_page, page),
            title=nav_title(led, current, today, page),
            icon=page.icon,
            url_path=ROOT if page.path == default else page.path,
            default=page.path == default,
        )
        sections.setdefault(t(page.section), []).append(pages[page.path])
    # /home, another role's page or a mistyped path: the default page, unlisted, under the asked name.
    other = unknown_path({page.path for page in allowed if page.path != default})
    if other:
        home = next(page for page in allowed if page.path == default)
        sections[t(home.section)].append(
            st.Page(
                partial(show_page, home),
                title=nav_title(led, current, today, home),
                icon=home.icon,
                url_path=other,
                visibility="hidden",
            )
        )
    st.session_state["_pages"] = pages  # so pages can link to each other by path
    # Every page listed: Streamlit would otherwise fold long sections behind an untranslated "View N more".
    st.navigation(sections, expanded=True).run()


# One drawing for the whole run: the shell and the page share one catch-up, one catalog look-up.
with drawing():
    main()
