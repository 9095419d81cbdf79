"""User text is shown as text: markup somebody typed is never rendered as HTML or markdown."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from domain import clock
from domain.actor import Actor

MARKUP = "<script>alert(1)</script> **bold**"
NAME = "<b>ئابدۇرېھىم</b> Нұрлан _王_"
RENDERED_AS_MARKUP = (
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "success",
    "info",
    "warning",
    "error",
    "latex",
    "toast",
    "exception",
)


def study_page(url: str, cadre: str) -> None:
    import os

    import streamlit as st

    os.environ["CULTURE_LEDGER_STORE"] = url
    from domain.actor import Actor

    st.session_state.setdefault("actor", Actor("director", "leader"))
    st.session_state.setdefault("study_cadre", cadre)
    from plugins.study.daily.pages import record_page

    record_page()


def people_page(url: str) -> None:
    import os

    os.environ["CULTURE_LEDGER_STORE"] = url
    from plugins.people import pages as people

    people.render()


def interpreted(at: AppTest, *needles: str) -> list[str]:
    """Every element Streamlit renders as markdown or HTML whose text holds one of the needles."""
    return [
        f"{kind}: {element.value}"
        for kind in RENDERED_AS_MARKUP
        for element in getattr(at, kind, [])
        if any(needle in str(element.value) for needle in needles)
    ]


def test_a_study_entry_with_script_and_markdown_in_its_material_shows_them_verbatim(ledger, office, staff, store_url):
    ledger.study.record_study(
        {"cadre_id": office.wang, "occurred_on": clock.today(), "minutes": 60, "material": f"  {MARKUP}  "}, staff
    )

    at = AppTest.from_function(study_page, args=(store_url, office.wang.hex), default_timeout=30).run()

    assert not at.exception
    shown = at.dataframe[0].value
    assert shown["学习内容"].tolist() == [MARKUP]  # exactly what was typed, less the outer spaces
    assert interpreted(at, "alert(1)", "bold") == []


def test_a_cadre_named_in_uyghur_kazakh_and_markup_is_listed_as_typed(ledger, office, store_url):
    ledger.people.register_cadre(
        {"name": NAME, "department_id": office.reform, "position": "**科员**", "joined_on": date(2020, 3, 1)},
        Actor("admin", "admin", "form"),
    )

    at = AppTest.from_function(people_page, args=(store_url,), default_timeout=30).run()

    assert not at.exception
    roll = at.dataframe[0].value
    row = roll[roll["姓名"] == NAME]
    assert len(row) == 1 and row.iloc[0]["职务"] == "**科员**"
    assert row.iloc[0]["退休日期"] == ""  # still at work: an empty cell, not "None"
    assert interpreted(at, "ئابدۇرېھىم", "科员") == []


def typed_markup_in_labels() -> None:
    import streamlit as st

    from dashboard.chrome import as_text
    from tests.app.pages import TYPED

    st.caption(as_text(TYPED))
    st.metric(as_text(f"v2 · {TYPED}"), "80%")
    with st.expander(as_text(TYPED)):
        st.checkbox(as_text(f"张伟 · {TYPED}\n- 1. 第二行"))


def test_markup_typed_into_a_title_is_escaped_wherever_streamlit_reads_markdown():
    """Every page passes a person's text through `as_text` where Streamlit reads markdown (every page
    is checked on the demo office with typed markup in `tests/app/test_every_page.py`)."""
    from tests.app.pages import rendered_markup

    at = AppTest.from_function(typed_markup_in_labels, default_timeout=30).run()

    assert not at.exception
    assert rendered_markup(at) == []
    assert at.caption[0].value == r"\*\*粗体\*\* !\[图\](http://example.invalid/x.png) \:red\[红\] \$x\$"
    assert at.checkbox[0].label.endswith("\n\\- 1. 第二行")
