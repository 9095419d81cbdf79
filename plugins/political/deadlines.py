"""The pledge's deadline, declared in the manifest."""

from culture_ledger.registry import Deadline

PLEDGE_DUE = Deadline("political.pledge", "political.deadline.pledge", "year", month=3, day=31, opens_days=30)
"""The 三争做 pledge month: each cadre signs the year's pledge in March unless the office sets another month."""
