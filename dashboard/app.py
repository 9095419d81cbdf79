"""The dashboard's entry script: navigation built from the registered pages."""

import streamlit as st

from dashboard.chrome import language_picker, ledger, t

st.set_page_config(page_title="机关文化建设台账", page_icon=":material/menu_book:", layout="wide")

led = ledger()
language_picker()

sections: dict[str, list] = {}
pages = {}
for page in led.registry.pages:
    pages[page.path] = st.Page(page.render, title=t(page.title), icon=page.icon, url_path=page.path,
                               default=page.path == "home")
    sections.setdefault(t(page.section), []).append(pages[page.path])
st.session_state["_pages"] = pages  # so pages can link to each other by path
st.navigation(sections).run()
