"""The core's own pages (home, overview, people); plugins keep theirs in their packages.

Not called `pages/`: Streamlit takes a `pages/` folder beside an entry script for old-style
pages, each runnable at its own URL without the login gate of dashboard/app.py."""
