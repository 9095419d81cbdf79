"""The integrity carrier's page."""

import streamlit as st

from dashboard.chrome import t


def carrier_page() -> None:
    st.title(t("carrier.integrity"))
    st.info(t("integrity.holds"))
