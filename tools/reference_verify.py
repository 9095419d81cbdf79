#!/usr/bin/env python3
"""Reference verifier of a Culture Ledger store or export, independent of the project's code (AUDIT.md).

usage: python3 reference_verify.py STORE_OR_EXPORT [DIGEST.json]

  STORE_OR_EXPORT  a SQLite store (a file or sqlite:///path); a PostgreSQL store (postgresql://...),
                   read through PostgreSQL's own `psql` client, as the standard library has no
                   PostgreSQL driver; or an export file (`culture-ledger export`: the ZIP archive,
                   or the log alone as JSON Lines).
  DIGEST.json      a digest kept elsewhere (`culture-ledger digest`) the log must reach or extend.

Prints "OK <position> <hash>" or "FAILED at position N" (the first position whose event does not
chain); exits 0, 1, or 2 when it cannot read what it was given. The Python standard library only.
"""
import base64
import hashlib
import io
import json
import sqlite3
import struct
import subprocess
import sys
import zipfile


class Failed(Exception):
    """Something found wrong that has no position (the archive around the log)."""


def link(h: bytes, position: int, oid: str, version: int, topic: str, state: bytes, row_format, at) -> bytes:
    blob = lambda data: struct.pack(">I", len(data)) + data  # noqa: E731
    at = blob(at.encode()) if int(row_format) >= 2 else b""  # chain row format 2 hashes its appended-at
    return hashlib.sha256(h + struct.pack(">Q", position) + blob(oid.encode()) + struct.pack(">Q", version)
                          + blob(topic.encode()) + at + blob(state)).digest()


def psql(url: str, sql: str):
    """Rows of a query as text columns, through `psql` (bytea and text as hex, so no escaping)."""
    done = subprocess.run(["psql", "-XAtq", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", f"COPY ({sql}) TO STDOUT"],
                          capture_output=True, text=True, check=True)
    return (line.split("\t") for line in done.stdout.splitlines())


def store(name: str):
    """(position, id, version, topic, state, the chain's hash) per event, and the chain rows left over."""
    if name.startswith(("postgresql://", "postgres://")):
        events = ((int(p), o, int(v), bytes.fromhex(t).decode(), bytes.fromhex(s)) for p, o, v, t, s in psql(name,
                  "SELECT notification_id, replace(originator_id::text, '-', ''), originator_version, "
                  "encode(convert_to(topic, 'UTF8'), 'hex'), encode(state, 'hex') "
                  "FROM cultureledger_events ORDER BY notification_id"))  # the library names it after the app
        chain = iter([(int(p), bytes.fromhex(h), f, a) for p, h, f, a in psql(name, "SELECT position, "
                      "encode(hash, 'hex'), format, recorded_at FROM event_chain ORDER BY position")])
    else:
        db = sqlite3.connect(f"file:{name.removeprefix('sqlite:///')}?mode=ro", uri=True)
        events = db.execute("SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
                            "ORDER BY rowid")
        chain = iter(db.execute("SELECT position, hash, format, recorded_at FROM event_chain ORDER BY position"))
    for position, oid, version, topic, state in events:
        row = next(chain, None)
        row = row if row and row[0] == position else (position, None, 1, "")
        yield position, oid, version, topic, bytes(state), row[1] and bytes(row[1]), row[2], row[3]
    yield from ((r[0], None, None, None, None, bytes(r[1]), 1, "") for r in chain)  # chain rows past the log's end


def export(name: str, base: list):
    """The same from an export: its events with the hash each line says; the base hash into `base`."""
    if zipfile.is_zipfile(name):
        archive = zipfile.ZipFile(name)
        manifest = json.loads(archive.read("manifest.json"))
        if hashlib.file_digest(archive.open("log.jsonl"), "sha256").hexdigest() != manifest["log"]["sha256"]:
            raise Failed("the log inside does not match the manifest's SHA-256")
        for member in archive.namelist():
            if member.startswith("evidence/") and hashlib.sha256(archive.read(member)).hexdigest() != member[9:]:
                raise Failed(f"the evidence file {member} does not match its SHA-256")
        lines = io.TextIOWrapper(archive.open("log.jsonl"), encoding="utf-8")
    else:
        lines = open(name, encoding="utf-8")
    header = json.loads(next(lines))
    base += [header["from_position"] - 1, bytes.fromhex(header["base"]["hash"])]
    for line in map(json.loads, lines):
        if line.get("end"):
            base.append(line)
        else:
            state = line["state"].encode() if "state" in line else base64.b64decode(line["state_b64"])
            yield (line["position"], line["originator_id"], line["originator_version"], line["topic"], state,
                   bytes.fromhex(line["hash"]), line.get("chain_format", 1), line["recorded_at"])


def verify(name: str, digest: dict | None = None) -> int:
    is_store = name.startswith(("sqlite:///", "postgresql://", "postgres://")) or open(name, "rb").read(16) \
        == b"SQLite format 3\x00"
    base = [0, bytes(32)] if is_store else []
    rows = store(name) if is_store else export(name, base)
    h = n = None
    for position, oid, version, topic, state, stored, row_format, at in rows:
        if h is None:
            n, h = base[0], base[1]
            if digest and n == digest["position"] and h.hex() != digest["hash"]:
                return print(f"FAILED: the log does not extend the digest at position {n}") or 1
        n += 1
        h = link(h, n, oid, version, topic, state, row_format, at) if oid is not None and position == n else None
        if h is None or h != stored:
            return print(f"FAILED at position {n}") or 1
        if digest and n == digest["position"] and h.hex() != digest["hash"]:
            return print(f"FAILED: the log does not extend the digest at position {n}") or 1
    n, h = (n, h) if h is not None else (base[0], base[1])
    end = base[2] if len(base) > 2 else None
    if end is not None and (end["count"] != n - base[0] or end["digest"]["hash"] != h.hex()):
        return print(f"FAILED at position {n}: the end line's digest is not the chain's head") or 1
    if not is_store and end is None:
        return print(f"FAILED at position {n + 1}: the export has no end line") or 1
    if digest and not base[0] <= digest["position"] <= n:
        return print(f"FAILED: the log does not reach the digest's position {digest['position']}") or 1
    print(f"OK {n} {h.hex()}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or sys.argv[1] in ("-h", "--help"):
        sys.exit(print(__doc__.strip()) or 2)
    try:
        sys.exit(verify(sys.argv[1], json.load(open(sys.argv[2])) if len(sys.argv) > 2 else None))
    except Failed as exc:
        sys.exit(print(f"FAILED: {exc}") or 1)
    except (OSError, ValueError, KeyError, TypeError, StopIteration, sqlite3.Error, zipfile.BadZipFile,
            subprocess.CalledProcessError) as exc:
        sys.exit(print(f"cannot verify {sys.argv[1]}: {getattr(exc, 'stderr', None) or exc}", file=sys.stderr) or 2)
