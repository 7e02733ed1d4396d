"""The corpus of real-world e-mail shapes under corpus/. A few are templates: a reply must
name a Message-ID we really sent, so `${in_reply_to}`, `${reference}` and `${sender}` are
filled in by the test."""

from __future__ import annotations

import string
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"


def eml(name: str, **values: str) -> bytes:
    raw = (CORPUS / name).read_bytes()
    if values:
        raw = string.Template(raw.decode("utf-8")).substitute(values).encode("utf-8")
    return raw
