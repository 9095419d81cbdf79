"""Evidence files (photos, sign-in sheets, documents) kept outside the log, addressed by the
SHA-256 of their content; events hold the hash, so a changed file is detectable."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path


def evidence_root(store_url: str) -> Path:
    """`$CULTURE_LEDGER_EVIDENCE`, else an `evidence/` folder beside a SQLite store (./data/evidence otherwise)."""
    if os.environ.get("CULTURE_LEDGER_EVIDENCE"):
        return Path(os.environ["CULTURE_LEDGER_EVIDENCE"])
    if store_url.startswith("sqlite:///") and ":memory:" not in store_url:
        return Path(store_url[len("sqlite:///") :]).parent / "evidence"
    return Path("data") / "evidence"


class EvidenceStore:
    """Content-addressed files: put bytes, get their hash; read them back; check them."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, content: bytes) -> str:
        sha = hashlib.sha256(content).hexdigest()
        target = self.path(sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(content)
            os.replace(tmp, target)
        return sha

    def read(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def check(self, sha256: str) -> str:
        """'ok', 'missing' or 'altered'."""
        target = self.path(sha256)
        if not target.exists():
            return "missing"
        digest = hashlib.sha256()
        with target.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        return "ok" if digest.hexdigest() == sha256 else "altered"

    def verify(self, hashes: Iterable[str]) -> dict[str, str]:
        """The files among `hashes` that are missing or altered."""
        return {sha: state for sha in hashes if (state := self.check(sha)) != "ok"}
