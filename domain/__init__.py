"""The shared domain of the culture ledger: people, vocabulary, actors and the record lifecycle.

Nothing here imports Streamlit or SQL; aggregates are `eventsourcing` aggregates.
"""
