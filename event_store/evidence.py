"""Evidence files (photos, sign-in sheets, documents) kept outside the log, addressed by the
SHA-256 of their content; events hold the hash, so a changed file is detectable."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MAX_EVIDENCE_MB = 20
"""The largest evidence file, in MB (a phone photo or a scanned sign-in sheet is a few). Streamlit's
own upload limit (`maxUploadSize` in streamlit_config.toml) is higher, so a larger file reaches the
form and is refused with a message there rather than dropped silently by the browser."""

_IMAGES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp", "BMP": "image/bmp"}
_OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


@dataclass(frozen=True)
class Upload:
    """A file someone sent with a form: its name as they had it, and its bytes."""

    name: str
    content: bytes


def media_type_of(content: bytes) -> str | None:
    """What a file is, read from its content (never its name or what the browser says): a photo
    (JPEG, PNG, GIF, WebP, BMP, HEIC), a PDF, a Word, Excel or PowerPoint file (and their pre-2007
    kind), an OFD document; None for anything else."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/x-ole-storage"  # .doc, .xls, .ppt, WPS
    if content[4:8] == b"ftyp" and content[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heif"):
        return "image/heic"
    if content.startswith(b"PK\x03\x04"):
        return _zipped(content)
    return _image(content)


def _image(content: bytes) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:  # reads the header only, decodes no pixel
            return _IMAGES.get(image.format or "")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def _zipped(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "OFD.xml" in names:
        return "application/ofd"
    if "[Content_Types].xml" in names:
        return next((t for folder, t in _OOXML.items() if any(n.startswith(folder) for n in names)), None)
    return None


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
        return self._put(content)[0]

    def _put(self, content: bytes) -> tuple[str, bool]:
        """The file's hash, and whether this call wrote it (False: it was there already)."""
        sha = hashlib.sha256(content).hexdigest()
        target = self.path(sha)
        if target.exists():
            return sha, False
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(content)
        os.replace(tmp, target)
        return sha, True

    @contextmanager
    def holding(self, contents: Iterable[bytes]) -> Iterator[list[str]]:
        """Write the files for a record about to be saved; if saving fails, remove the ones this call
        wrote, so a refused form leaves nothing on disk (a file already there stays: others hold it)."""
        written: list[str] = []
        try:
            shas = []
            for content in contents:
                sha, new = self._put(content)
                shas.append(sha)
                if new:
                    written.append(sha)
            yield shas
        except BaseException:
            for sha in written:
                self.path(sha).unlink(missing_ok=True)
            raise

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
