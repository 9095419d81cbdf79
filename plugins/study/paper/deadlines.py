"""The paper's deadline, declared in the manifest (kept light: no pandas here)."""

from culture_ledger.registry import Deadline

PAPER_DUE = Deadline("study.paper", "study.paper.deadline", "year", month=11, day=30)
"""The year's paper is submitted by 30 November unless the office sets another day."""
