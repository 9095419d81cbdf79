"""What `culture-ledger serve` hands to `streamlit run`: Streamlit's own ASGI app (`st.App`) running
streamlit_app.py, with the two session-cookie routes of dashboard/session_routes.py beside
Streamlit's. `streamlit run` finds `app` here and serves it with the settings it is given, as it
would serve the script itself."""

import streamlit as st

from dashboard.session_routes import routes

app = st.App("streamlit_app.py", routes=routes())
