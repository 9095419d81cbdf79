"""Home: what the ledger holds today, at a glance."""

from datetime import date

import streamlit as st

from dashboard.chrome import ledger, t
from domain.vocabulary import CARRIERS
from plugins.study.projections import Period, cadre_compliance


def render() -> None:
    led = ledger()
    st.title(t("app.title"))
    st.caption(t("home.caption"))
    table = cadre_compliance(led, Period.containing("week", date.today()))
    cols = st.columns(4)
    cols[0].metric(t("home.cadres"), len(table))
    cols[1].metric(t("home.departments"), led.scalar("SELECT COUNT(*) FROM departments") or 0)
    cols[2].metric(t("home.events"), led.app.head())
    share = f"{table['meets'].mean():.0%}" if len(table) else "–"
    cols[3].metric(t("home.study_week"), share)
    st.subheader(t("home.carriers"))
    pages = st.session_state.get("_pages", {})
    cols = st.columns(len(CARRIERS))
    for col, carrier in zip(cols, CARRIERS):
        if carrier in pages:
            col.page_link(pages[carrier], label=t(f"carrier.{carrier}"))
        else:
            col.markdown(f"**{t(f'carrier.{carrier}')}**")
