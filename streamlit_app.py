"""The script `culture-ledger serve` hands to Streamlit: it runs dashboard/app.py.

It lives at the top of the project, not in dashboard/, because Streamlit treats a `pages/`
folder beside its entry script as old-style pages: until the first st.navigation call of a
fresh server, a URL such as /people would run dashboard/pages/people.py directly, before
the login gate in dashboard/app.py."""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parent / "dashboard" / "app.py"), run_name="__main__")
