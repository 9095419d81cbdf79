#!/usr/bin/env python3
"""Reference verifier of a Culture Ledger store, independent of the project's code (AUDIT.md).

    python3 reference_verify.py STORE [DIGEST.json]

STORE: a SQLite file, sqlite:///path, or postgresql://user:pw@host:port/db (needs psycopg).
Prints OK and the head, or the first bad position; exits 0 or 1.
"""
import hashlib
import json
import sqlite3
import struct
import sys


def blob(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def open_store(store: str):
    if store.startswith(("postgresql://", "postgres://")):
        import psycopg
        return psycopg.connect(store), "notification_id", "cultureledger_events"  # the library names it after the app
    path = store[len("sqlite:///"):] if store.startswith("sqlite:///") else store
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True), "rowid", "stored_events"


def verify(store: str, digest: dict | None = None) -> int:
    db, pos, table = open_store(store)
    events = db.execute(f"SELECT {pos}, originator_id, originator_version, topic, state FROM {table} ORDER BY {pos}")
    chain = iter(db.execute("SELECT position, hash, format, recorded_at FROM event_chain ORDER BY position"))
    h, n = bytes(32), 0
    for position, oid, version, topic, state in events:
        row, n = next(chain, None), n + 1
        oid = getattr(oid, "hex", oid)  # a UUID column (PostgreSQL) or 32 hex characters (SQLite)
        at = blob(row[3].encode()) if row and row[2] >= 2 else b""  # chain row format 2 hashes its appended-at
        h = hashlib.sha256(h + struct.pack(">Q", position) + blob(oid.encode()) + struct.pack(">Q", version)
                           + blob(topic.encode()) + at + blob(bytes(state))).digest()
        if position != n or row is None or row[0] != n or bytes(row[1]) != h:
            return print(f"FAILED at position {n}") or 1
        if digest and n == digest["position"] and h.hex() != digest["hash"]:
            return print(f"FAILED: the log does not extend the digest at position {n}") or 1
    if next(chain, None) is not None or (digest and n < digest["position"]):
        return print(f"FAILED at position {n + 1}: the log is shorter than its chain or the digest") or 1
    print(f"OK {n} {h.hex()}")
    return 0


if __name__ == "__main__":
    sys.exit(verify(sys.argv[1], json.load(open(sys.argv[2])) if len(sys.argv) > 2 else None))
