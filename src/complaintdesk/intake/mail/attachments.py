"""Files that come with a mail: screened by what they contain (never by their name), named
safely, and stored once per content under ATTACHMENTS_DIR/ab/cd/<sha256>."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Leading bytes of programs a computer would run directly.
PROGRAM_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "Windows program"),
    (b"\x7fELF", "Linux program"),
    (b"\xfe\xed\xfa\xce", "macOS program"),
    (b"\xfe\xed\xfa\xcf", "macOS program"),
    (b"\xce\xfa\xed\xfe", "macOS program"),
    (b"\xcf\xfa\xed\xfe", "macOS program"),
    (b"\xca\xfe\xba\xbe", "macOS or Java program"),
    (b"\x00asm", "WebAssembly program"),
    (b"L\x00\x00\x00\x01\x14\x02\x00", "Windows shortcut"),
    (b"#!", "script"),
)
# How scripts open, read case-insensitively after any byte-order mark and blank space.
SCRIPT_OPENINGS = (
    b"@echo off",
    b"<?php",
    b"<script",
    b"<job",
    b"<package",
    b"<hta:",
    b"#requires -",
    b"param(",
)
ACTIVE_MARKUP = re.compile(rb"<script[\s>/]|<\?php|\bjavascript:", re.IGNORECASE)
UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')


def refusal_reason(data: bytes, content_type: str) -> str:
    """Why a file must not be kept, or "" when it may. Judged by content: a program renamed
    to invoice.pdf is still a program."""
    for signature, kind in PROGRAM_SIGNATURES:
        if data.startswith(signature):
            return str(_("it is a program (%(kind)s), refused whatever its name") % {"kind": kind})
    opening = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if opening.startswith(SCRIPT_OPENINGS):
        return str(_("it is a script, refused whatever its name"))
    looks_like_markup = content_type in {"text/html", "image/svg+xml", "application/xhtml+xml"}
    if (looks_like_markup or opening.startswith((b"<!doctype", b"<html", b"<svg"))) and (
        ACTIVE_MARKUP.search(data[: 1024 * 1024])
    ):
        return str(_("it is a web page or image containing a script"))
    return ""


def safe_filename(name: str | None, content_type: str) -> str:
    """A name fit to show and offer for download: no directories, no control characters, no
    leading dots, at most 200 characters with the extension kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = UNSAFE_NAME_CHARS.sub("_", name).strip().lstrip(".").strip()
    if not name:
        extension = mimetypes.guess_extension(content_type) or ".bin"
        name = f"attachment{extension}"
    stem, dot, extension = name.rpartition(".")
    if len(name) > 200:
        if dot and len(extension) <= 16:
            name = f"{stem[: 199 - len(extension)]}.{extension}"
        else:
            name = name[:200]
    return name


def path_for(sha256: str) -> Path:
    return Path(settings.ATTACHMENTS_DIR) / sha256[:2] / sha256[2:4] / sha256


def store_content(data: bytes) -> str:
    """Write the file once per content and return its SHA-256. Written before the database
    commit, so a rollback leaves at most an unreferenced file, never a row without its file."""
    sha256 = hashlib.sha256(data).hexdigest()
    target = path_for(sha256)
    if target.exists():
        return sha256
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sha256
