"""The quarter's evaluation window, declared in the manifest."""

from culture_ledger.registry import Deadline

EVALUATION_DUE = Deadline("study.evaluation", "study.evaluation.deadline", "quarter", month=3, day=31, opens_days=15)
"""四强测评: each quarter's self-assessments and scores are given in its last fortnight unless the office sets another window."""
