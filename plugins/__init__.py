"""Built-in plugins: the four-strong team (`study`) and the five carriers. Every plugin has
the same layout: `__init__.py` (the manifest), `domain.py`, `commands.py`, `services.py`,
`projections.py`, `pages.py`, `locale.py`, `demo.py` (those it needs)."""
