"""The script `culture-ledger serve` hands to Streamlit: it runs dashboard/app.py.

Streamlit treats a `pages/` folder beside its entry script as old-style pages: until the
first st.navigation call of a fresh server, a URL such as /people would run such a file
directly, before the login gate in dashboard/app.py. So no `pages/` folder may sit beside
the entry script: the core's page modules live in dashboard/views/, and this entry script
at the top of the project has none beside it either."""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parent / "dashboard" / "app.py"), run_name="__main__")
