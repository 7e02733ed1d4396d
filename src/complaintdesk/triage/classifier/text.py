"""What the engine reads of a complaint: markup removed, addresses and handles made generic,
and a bounded length, so a huge or hostile text costs no more than a long one."""

from __future__ import annotations

import html
import re

# Rules read this much; the learned layer reads the first FEATURE_CHARS, where what a
# complaint is about is nearly always said.
MAX_CHARS = 100_000
FEATURE_CHARS = 5_000

_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]{0,500}>", re.IGNORECASE | re.DOTALL)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_SPACE = re.compile(r"[ \t\r\f\v]+")


def plain(text: object) -> str:
    """The text without markup and control characters; anything that is not a string is
    read as empty."""
    if not isinstance(text, str) or not text:
        return ""
    text = text[: MAX_CHARS * 2]
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = text.replace("\x00", " ")
    return _SPACE.sub(" ", text).strip()[:MAX_CHARS]


def for_features(text: str) -> str:
    """The plain text with web and e-mail addresses replaced by one token each: which page
    or mailbox is named says nothing about the complaint. (@handles stay: on the shared data
    they carry which service is meant, and dropping them cost accuracy.)"""
    text = text[:FEATURE_CHARS]
    text = _URL.sub(" URL ", text)
    return _EMAIL.sub(" EMAIL ", text)
