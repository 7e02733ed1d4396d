"""The one store for files customers send, on every channel (web form, tracking page, e-mail,
API): screened by what they contain (never by their name or declared type), held to the size
limits, named safely and stored once per content under ATTACHMENTS_DIR/ab/cd/<sha256>.

A file kept inside a transaction is first written under a staging name beside its final place
and only renamed into place once the transaction commits, so a rolled-back complaint leaves no
file behind. Should the process die between the commit and the rename, the staged file is
still there: it is served as it is and put in place by sweep_staged_files().
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from complaintdesk.audit.services import record
from complaintdesk.complaints.models import Attachment, Complaint, Message, Visibility

logger = logging.getLogger(__name__)
MB = 1024 * 1024
STAGED_PREFIX = ".staged-"

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
MARKUP_TYPES = {"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml"}
MARKUP_OPENINGS = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<head", b"<body", b"<iframe")
# Script in a web page or an SVG image: a script element, a javascript: link or an event
# handler attribute such as onload=.
ACTIVE_MARKUP = re.compile(
    rb"<script[\s>/]|<\?php|\bjavascript\s*:|<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE
)
UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')
# Types told by content, so what we store and serve does not depend on what the sender claimed.
CONTENT_TYPES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"PK\x03\x04", "application/zip"),
)


def refusal_reason(data: bytes, content_type: str) -> str:
    """Why a file must not be kept, or "" when it may. Judged by content: a program renamed
    to invoice.pdf is still a program."""
    for signature, kind in PROGRAM_SIGNATURES:
        if data.startswith(signature):
            return _("it is a program (%(kind)s), refused whatever its name") % {"kind": kind}
    opening = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if opening.startswith(SCRIPT_OPENINGS):
        return _("it is a script, refused whatever its name")
    looks_like_markup = content_type.lower() in MARKUP_TYPES or opening.startswith(MARKUP_OPENINGS)
    if looks_like_markup and ACTIVE_MARKUP.search(data[: 1024 * 1024]):
        return _("it is a web page or image containing a script")
    return ""


def content_type_of(data: bytes, declared: str) -> str:
    """The type the content shows, else the declared one if it is well formed."""
    for signature, kind in CONTENT_TYPES:
        if data.startswith(signature):
            return kind
    declared = declared.split(";")[0].strip().lower()
    if re.fullmatch(r"[a-z0-9.+-]+/[a-z0-9.+-]+", declared) and len(declared) <= 120:
        return declared
    return "application/octet-stream"


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


# Where files live.


def path_for(sha256: str) -> Path:
    return Path(settings.ATTACHMENTS_DIR) / sha256[:2] / sha256[2:4] / sha256


def _write_durably(data: bytes, directory: Path, prefix: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=prefix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def store_content(data: bytes) -> str:
    """Write the file in place at once and return its SHA-256: for restores and tools that
    work outside a transaction. Inside one, keep_attachments() stages files instead."""
    sha256 = hashlib.sha256(data).hexdigest()
    target = path_for(sha256)
    if target.exists():
        return sha256
    temporary = _write_durably(data, target.parent, ".incoming-")
    os.replace(temporary, target)
    return sha256


# Files staged by the transaction the current block runs; deleted if the block fails.
_staged_here: ContextVar[list[Path] | None] = ContextVar("staged_here", default=None)


@contextmanager
def discarded_on_rollback() -> Iterator[None]:
    """Wrap a transaction that keeps files: if it fails, the files it staged are deleted at
    once (their rename was never going to happen). Files staged in a transaction that succeeds
    here but is rolled back further out are removed by sweep_staged_files()."""
    staged: list[Path] = []
    token = _staged_here.set(staged)
    try:
        yield
    except BaseException:
        for path in staged:
            path.unlink(missing_ok=True)
        raise
    finally:
        _staged_here.reset(token)


def _publish(staged: Path, target: Path) -> None:
    try:
        os.replace(staged, target)
    except FileNotFoundError:
        # Already put in place, by a sweep or a download that found it first.
        return
    _sync_directory(target.parent)


def _sync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def stage_content(data: bytes) -> str:
    """Write the file under a staging name and have it renamed into place when the current
    transaction commits; returns its SHA-256. Content already stored is not written again."""
    sha256 = hashlib.sha256(data).hexdigest()
    target = path_for(sha256)
    if target.exists():
        return sha256
    staged = _write_durably(data, target.parent, f"{STAGED_PREFIX}{sha256}-")
    tracking = _staged_here.get()
    if tracking is not None:
        tracking.append(staged)
    transaction.on_commit(lambda: _publish(staged, target))
    return sha256


def _staged_copies(sha256: str) -> list[Path]:
    return sorted(path_for(sha256).parent.glob(f"{STAGED_PREFIX}{sha256}-*"))


def open_stored(sha256: str) -> IO[bytes]:
    """The stored file of an attachment the caller has read from the database. A file whose
    transaction committed but was not yet renamed into place is put in place first."""
    target = path_for(sha256)
    if not target.exists():
        for staged in _staged_copies(sha256):
            _publish(staged, target)
            break
    return target.open("rb")


def delete_stored(sha256: str) -> None:
    """Remove a stored file, staged copies included (when its last attachment is erased)."""
    for staged in _staged_copies(sha256):
        staged.unlink(missing_ok=True)
    path_for(sha256).unlink(missing_ok=True)


def sweep_staged_files(*, older_than_seconds: int = 24 * 3600) -> dict[str, int]:
    """Finish what a crash interrupted: a staged file whose attachment row committed is put in
    place; one no row names (its transaction rolled back) is deleted. Only files older than any
    transaction lasts are looked at, so none still in flight is touched."""
    root = Path(settings.ATTACHMENTS_DIR)
    cutoff = time.time() - older_than_seconds
    published = deleted = 0
    for staged in root.glob(f"*/*/{STAGED_PREFIX}*"):
        try:
            if staged.stat().st_mtime > cutoff:
                continue
        except FileNotFoundError:
            continue
        sha256 = staged.name.removeprefix(STAGED_PREFIX).split("-", 1)[0]
        if Attachment.objects.filter(sha256=sha256).exists():
            if path_for(sha256).exists():
                staged.unlink(missing_ok=True)
            else:
                _publish(staged, path_for(sha256))
            published += 1
        else:
            staged.unlink(missing_ok=True)
            deleted += 1
    return {"published": published, "deleted": deleted}


# Keeping the files that come with a complaint or a message.


@dataclass(frozen=True)
class IncomingFile:
    """A file as it arrived. Its size is known before its content is read, so a file over the
    limit is refused without being read into memory."""

    name: str
    content_type: str
    size: int
    read: Callable[[], bytes]
    # The upload was cut off at the limit and its content dropped: refused without reading.
    cut_off: bool = False

    @classmethod
    def cut_off_upload(cls, name: str | None, content_type: str, received: int) -> IncomingFile:
        return cls(
            name=name or "", content_type=content_type, size=received, read=bytes, cut_off=True
        )

    @classmethod
    def from_bytes(cls, name: str | None, content_type: str, data: bytes) -> IncomingFile:
        return cls(name=name or "", content_type=content_type, size=len(data), read=lambda: data)

    @classmethod
    def from_upload(cls, upload: Any) -> IncomingFile:
        """From a Django UploadedFile."""

        def read() -> bytes:
            upload.seek(0)
            return bytes(upload.read())

        return cls(
            name=upload.name or "",
            content_type=upload.content_type or "",
            size=int(upload.size or 0),
            read=read,
        )


@dataclass(frozen=True)
class RefusedFile:
    filename: str
    reason: str

    def __str__(self) -> str:
        return f"{self.filename}: {self.reason}"


@dataclass
class KeptFiles:
    kept: list[Attachment] = field(default_factory=list)
    refused: list[RefusedFile] = field(default_factory=list)


def size_limits() -> tuple[int, int]:
    """Per file and per complaint, in bytes."""
    return settings.ATTACHMENT_MAX_BYTES, settings.COMPLAINT_ATTACHMENTS_MAX_BYTES


def _megabytes(size: int) -> str:
    return f"{size / MB:.0f}" if size % MB == 0 else f"{size / MB:.1f}"


def keep_attachments(
    *,
    complaint: Complaint,
    files: Sequence[IncomingFile],
    actor_label: str,
    message: Message | None = None,
    visibility: str = Visibility.CUSTOMER,
) -> KeptFiles:
    """Keep every acceptable file on the complaint (and the message it came with); each one
    refused is recorded on the complaint's trail with why, and the rest is kept. Runs inside
    the caller's transaction: the files are in place once it commits, and gone if it fails."""
    per_file, per_complaint = size_limits()
    used = sum(complaint.attachments.values_list("size", flat=True))
    result = KeptFiles()
    for incoming in files:
        why, data = "", b""
        if incoming.size > per_file:
            why = _("it is larger than %(limit)s MB") % {"limit": _megabytes(per_file)}
        elif incoming.cut_off or used + incoming.size > per_complaint:
            why = _("the complaint's files would exceed %(limit)s MB") % {
                "limit": _megabytes(per_complaint)
            }
        else:
            data = incoming.read()
            why = refusal_reason(data, incoming.content_type)
            if not data:
                why = _("it is empty")
            elif not why and len(data) > per_file:
                # The size announced was wrong; the content decides.
                why = _("it is larger than %(limit)s MB") % {"limit": _megabytes(per_file)}
        content_type = content_type_of(data, incoming.content_type)
        filename = safe_filename(incoming.name, content_type)
        if why:
            result.refused.append(RefusedFile(filename, why))
            record(
                action="attachment.refused",
                actor_label=actor_label,
                complaint=complaint,
                note=f"{filename}: {why}",
            )
            continue
        result.kept.append(
            Attachment.objects.create(
                complaint=complaint,
                message=message,
                filename=filename,
                content_type=content_type,
                size=len(data),
                sha256=stage_content(data),
                visibility=visibility,
            )
        )
        used += len(data)
    return result
