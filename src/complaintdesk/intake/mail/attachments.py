"""Moved to complaintdesk.intake.attachments, the one store for every channel; these names
stay importable for the code and tests that still use them from here."""

from complaintdesk.intake.attachments import refusal_reason, safe_filename, store_content

__all__ = ["refusal_reason", "safe_filename", "store_content"]
