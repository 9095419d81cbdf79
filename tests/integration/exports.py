"""Reading and rewriting export files as someone holding one would: the ZIP archive's manifest, its
log's lines and its evidence files; a rewrite can recompute every chain hash (and the manifest's
SHA-256 of the log) so that the export is consistent with itself."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from event_store.chain import hashed_time, link


@dataclass
class Package:
    manifest: dict
    lines: list[dict]
    evidence: dict[str, bytes] = field(default_factory=dict)

    @property
    def events(self) -> list[dict]:
        return [line for line in self.lines if "position" in line]

    def line_of(self, position: int) -> dict:
        return next(line for line in self.lines if line.get("position") == position)


def read(path: Path) -> Package:
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        lines = [json.loads(t) for t in archive.read("log.jsonl").decode("utf-8").splitlines()]
        evidence = {n[len("evidence/") :]: archive.read(n) for n in archive.namelist() if n.startswith("evidence/")}
    return Package(manifest, lines, evidence)


def rechain(package: Package) -> Package:
    """Number the events again from the base and compute every hash, the end line and the manifest's digest."""
    header, events = package.lines[0], package.events
    previous = bytes.fromhex(header["base"]["hash"])
    for i, line in enumerate(events):
        line["position"] = header["from_position"] + i
        previous = link(
            previous,
            line["position"],
            line["originator_id"],
            line["originator_version"],
            line["topic"],
            line["state"].encode(),
            hashed_time(int(line.get("chain_format", 1)), line["recorded_at"]),
        )
        line["hash"] = previous.hex()
    end = package.lines[-1]
    end["count"] = len(events)
    end["digest"] = {**end["digest"], "position": header["from_position"] + len(events) - 1, "hash": previous.hex()}
    package.manifest.update(count=len(events), to_position=end["digest"]["position"], digest=end["digest"])
    return package


def write(package: Package, path: Path, *, keep_log_sha256: bool = False) -> Path:
    log = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in package.lines).encode("utf-8")
    if not keep_log_sha256:
        package.manifest["log"]["sha256"] = hashlib.sha256(log).hexdigest()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("log.jsonl", log)
        for sha, content in package.evidence.items():
            archive.writestr(f"evidence/{sha}", content)
        archive.writestr("manifest.json", json.dumps(package.manifest, ensure_ascii=False))
    return path
