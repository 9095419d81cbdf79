"""The political carrier's page."""

import streamlit as st

from dashboard.chrome import t


def carrier_page() -> None:
    st.title(t("carrier.political"))
    st.info(t("political.holds"))
