"""The standards carrier's page."""

import streamlit as st

from dashboard.chrome import t


def carrier_page() -> None:
    st.title(t("carrier.standards"))
    st.info(t("standards.holds"))
