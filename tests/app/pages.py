"""Running registered pages under Streamlit's AppTest, as a signed-in user."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from domain.actor import Actor


def _render(path: str, url: str, lang: str) -> None:
    import os

    import streamlit as st

    os.environ["CULTURE_LEDGER_STORE"] = url
    from dashboard.chrome import ledger, show_page

    st.session_state.setdefault("lang", lang)
    show_page(next(p for p in ledger().registry.pages if p.path == path))


def run_page(path: str, store_url: str, actor: Actor, lang: str = "zh") -> AppTest:
    """Render one registered page by its path; returns the finished AppTest."""
    at = AppTest.from_function(_render, args=(path, store_url, lang), default_timeout=60)
    at.session_state["actor"] = actor
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
