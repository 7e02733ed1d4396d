"""Text a spreadsheet never runs: every export (the console's CSV, the periodic reports) writes
its text cells through spreadsheet_safe (formula injection: a cell such as =HYPERLINK(...)
or =cmd|'...')."""

from __future__ import annotations

from typing import Any

# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(value: Any) -> str:
    """The value as text no spreadsheet evaluates: a leading formula character is escaped
    with an apostrophe, which spreadsheets show as text and do not display."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
