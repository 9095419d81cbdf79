"""The append-only event log: opening a store from a URL, appending through the
`eventsourcing` library, the hash chain, reading the log in pages, and projections."""

from event_store.store import DEFAULT_STORE_URL, LedgerApplication, open_application, store_env

__all__ = ["DEFAULT_STORE_URL", "LedgerApplication", "open_application", "store_env"]
