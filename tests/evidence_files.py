"""Small real files for the evidence a story uploads: the evidence store reads a file's type from its
content, so a test's photo is a photo and its PDF starts as a PDF does. Each caption makes other bytes."""

from __future__ import annotations

import io


def photo(caption: str, format: str = "JPEG") -> bytes:
    """A tiny image (JPEG, or PNG) whose bytes differ with the caption."""
    from PIL import Image

    image = Image.new("RGB", (8, 8), (200, 214, 229))
    buffer = io.BytesIO()
    if format == "PNG":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("caption", caption)
        image.save(buffer, format="PNG", pnginfo=info)
    else:
        image.save(buffer, format="JPEG", comment=caption.encode())
    return buffer.getvalue()


def pdf(text: str) -> bytes:
    """The start of a PDF (what the evidence store reads its type from), then the text."""
    return b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"


def docx(text: str) -> bytes:
    """A minimal Word file (a zip with the parts the evidence store reads its type from)."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<document>{text}</document>")
    return buffer.getvalue()
