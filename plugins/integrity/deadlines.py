"""The quarterly assessment's deadline, declared in the manifest."""

from culture_ledger.registry import Deadline

ASSESSMENT_DUE = Deadline(
    "integrity.assessment", "integrity.deadline.assessment", "quarter", month=3, day=31, opens_days=15
)
"""五型机关: each department is assessed in the last fortnight of its quarter unless the office sets another window."""
