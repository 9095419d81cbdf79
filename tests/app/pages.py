"""Running registered pages under Streamlit's AppTest, as a signed-in user."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.chrome import EVERY_TAB
from domain.actor import Actor


def _render(path: str, url: str, lang: str) -> None:
    import os

    import streamlit as st

    os.environ["CULTURE_LEDGER_STORE"] = url
    from dashboard.chrome import ledger, show_page

    st.session_state.setdefault("lang", lang)
    show_page(next(p for p in ledger().registry.pages if p.path == path))


def run_page(path: str, store_url: str, actor: Actor, lang: str = "zh", *, every_tab: bool = True) -> AppTest:
    """Render one registered page by its path; returns the finished AppTest. With `every_tab` (the
    default: a test reads the whole page) every tab is drawn at once; without it, as in a browser,
    only the open one (`dashboard.chrome.drawn_tabs`)."""
    at = AppTest.from_function(_render, args=(path, store_url, lang), default_timeout=60)
    at.session_state["actor"] = actor
    at.session_state[EVERY_TAB] = every_tab
    return at.run()


def visible_text(at: AppTest) -> list[str]:
    """Every string a user would read on the page: titles, text, labels, metrics, table cells."""
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "text", "info", "success", "warning", "error"):
        texts += [str(e.value) for e in getattr(at, kind)]
    for kind in (
        "button",
        "selectbox",
        "text_input",
        "number_input",
        "date_input",
        "radio",
        "text_area",
        "multiselect",
    ):
        texts += [str(e.label) for e in getattr(at, kind)]
    texts += [f"{m.label} {m.value}" for m in at.metric]
    for frame in at.dataframe:
        texts += [str(c) for c in frame.value.columns]
    return texts


def every_text(at: AppTest) -> list[str]:
    """All a reader sees on a finished page, hidden tabs and closed expanders included: `visible_text`,
    plus tab and expander labels, the options of every picker, checkbox labels, toasts, and every
    cell of every table."""
    texts = visible_text(at)
    for kind in ("tabs", "expander", "checkbox", "toggle", "toast"):
        for e in getattr(at, kind, []):
            texts.append(str(getattr(e, "label", None) or getattr(e, "value", "")))
    for kind in ("selectbox", "radio", "multiselect", "select_slider"):
        for e in getattr(at, kind, []):
            texts += [str(o) for o in (getattr(e, "options", None) or [])]
    for frame in [*at.dataframe, *at.table]:
        value = frame.value
        texts += [str(c) for c in value.columns]
        texts += [str(v) for row in value.itertuples(index=False) for v in row if v is not None and str(v) != "nan"]
    return texts


TYPED = "**粗体** ![图](http://example.invalid/x.png) :red[红] $x$"
"""What someone types into a title or a name: markdown emphasis, an external image, a colour directive, LaTeX."""

RAW_MARKUP = ("**粗体**", "![图]", ":red[", "$x$")
"""Any of these left unescaped where Streamlit reads markdown would render (or load the image)."""

MARKDOWN_ELEMENTS = ("markdown", "caption", "title", "header", "subheader", "success", "info", "warning", "error")
LABELLED = ("expander", "tabs", "metric", "checkbox", "toggle", "button", "radio", "selectbox", "text_input")


def rendered_markup(at: AppTest) -> list[str]:
    """Every place on a finished page where Streamlit reads markdown (a message, a caption, an
    expander, tab, metric or widget label) and typed markup (`TYPED`) stands unescaped."""
    texts = [f"{kind}: {e.value}" for kind in MARKDOWN_ELEMENTS for e in getattr(at, kind, [])]
    texts += [f"toast: {e.value}" for e in getattr(at, "toast", [])]
    for kind in LABELLED:
        texts += [f"{kind} label: {e.label}" for e in getattr(at, kind, []) if getattr(e, "label", None)]
    return [text for text in texts if any(raw in text for raw in RAW_MARKUP)]


def type_markup_into(ledger, office) -> None:
    """A scoring rule, the talent plan and an activity awaiting review, each named by someone who
    typed markdown and an external image (`TYPED`), in the demo office."""
    from domain import clock

    leader, staff, admin = (office.accounts[r] for r in ("leader", "staff", "admin"))
    ledger.study_rules.publish({"name": f"规则 {TYPED}", "effective_from": clock.today()}, leader)
    ledger.staffing.set_talent_plan(
        {
            "title": f"规划 {TYPED}",
            "targets": [{"field": "education", "quota_type": "career", "target": 3}],
            "reason": "年度规划",
        },
        admin,
    )
    ledger.activities.record(
        {
            "carrier": "political",
            "kind": "education_session",
            "title": f"活动 {TYPED}",
            "occurred_on": clock.today(),
            "department_id": ledger.accounts.cadre_of(staff.account)["department_id"],
            "expected": 2,
            "present": 2,
            "details": {"theme": "family_virtue"},
        },
        staff,
    )
