"""Home: what the ledger holds today, at a glance, and a way into each carrier."""

import streamlit as st

from culture_ledger.periods import Period, Scope
from dashboard.chrome import ledger, t
from domain import clock

HEADLINE = "study_compliance"
"""The indicator shown beside the counts, when a plugin contributes it (the study plugin does)."""


def render() -> None:
    led = ledger()
    st.title(t("app.title"))
    st.caption(t("home.caption"))
    cols = st.columns(4)
    cols[0].metric(t("home.cadres"), led.scalar("SELECT COUNT(*) FROM cadres WHERE retired_on IS NULL") or 0)
    cols[1].metric(t("home.departments"), led.scalar("SELECT COUNT(*) FROM departments") or 0)
    cols[2].metric(t("home.events"), led.app.head())
    headline = next((i for i in led.registry.indicators if i.key == HEADLINE), None)
    if headline is not None:
        share = headline.compute(led, Scope(Period.containing("week", clock.today())))
        cols[3].metric(t("home.study_week"), "–" if share is None else f"{share:.0%}")
    carriers = led.registry.carriers
    if not carriers:
        return
    st.subheader(t("home.carriers"))
    pages = st.session_state.get("_pages", {})
    for col, carrier in zip(st.columns(len(carriers)), carriers):
        page = next((pages[pg.path] for pg in carrier.pages if pg.path in pages), None)
        if page is not None:
            col.page_link(page, label=t(carrier.title))
        else:
            col.markdown(f"**{t(carrier.title)}**")
