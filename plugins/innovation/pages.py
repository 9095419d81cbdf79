"""The innovation carrier's page."""

import streamlit as st

from dashboard.chrome import t


def carrier_page() -> None:
    st.title(t("carrier.innovation"))
    st.info(t("innovation.holds"))
