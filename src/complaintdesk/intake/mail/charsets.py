"""Text as mail clients really send it: labels that understate the charset (GB2312 for GBK
text, ISO-8859-1 for Windows-1252), labels that are simply wrong, and 8-bit bytes in headers
that should have been encoded."""

from __future__ import annotations

import codecs
import re
from email.header import decode_header

# Read each label as the superset clients actually write under it (as browsers do).
SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "cp950": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "shift_jis": "cp932",
    "sjis": "cp932",
}
CJK = ("gb18030", "big5hkscs", "cp932", "cp949")
UNFOLD = re.compile(r"\r?\n(?=[ \t])")


def codec_for(label: str | None) -> str | None:
    """The Python codec to read text labelled `label` with, or None for an unknown label."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(data: bytes, label: str | None) -> tuple[str, str]:
    """Decode `data` declared as `label`; returns the text and the codec that read it.

    The declared charset is tried first, then UTF-8 (the usual truth behind a wrong label),
    then the family the label suggests, and only last a lossy reading, so no text is dropped."""
    declared = codec_for(label)
    candidates = [declared, "utf-8"]
    if declared in CJK:
        candidates += [*CJK, "cp1252"]
    else:
        candidates += ["cp1252", *CJK]
    for codec in dict.fromkeys(c for c in candidates if c):
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    codec = declared or "utf-8"
    return data.decode(codec, errors="replace"), f"{codec} (with replacements)"


def decode_header_value(raw: str | None) -> str:
    """A header as a person reads it: unfolded, RFC 2047 words decoded with the same
    leniency as bodies, raw 8-bit bytes read as UTF-8 or the closest match."""
    if not raw:
        return ""
    unfolded = UNFOLD.sub("", str(raw))
    try:
        chunks = decode_header(unfolded)
    except Exception:  # a malformed encoded word: read the header as it stands
        chunks = [(unfolded, None)]
    parts = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            # No encoded words; undecodable bytes arrive as surrogate escapes.
            chunk = chunk.encode("utf-8", errors="surrogateescape")
        parts.append(decode_text(chunk, charset)[0])
    # Whitespace between encoded words is not part of the text (RFC 2047 §6.2); folding
    # and runs of blanks read as one space.
    return " ".join("".join(parts).split())
