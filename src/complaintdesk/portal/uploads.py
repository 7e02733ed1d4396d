"""Reading files customers upload without letting one fill the disk: past the size limits a
file's content is dropped as it arrives, and the file is remembered by name so the customer
is told it was refused, while the rest of the form is read as usual."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

from complaintdesk.intake.attachments import IncomingFile, size_limits


class SizeCappedUploads(FileUploadHandler):
    """Goes before Django's own handlers: passes each chunk on until the file, or all files
    of the request together, pass the limits, then skips the rest of that file."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.per_file, self.per_request = size_limits()
        self.total = 0
        self.received = 0
        self.cut_off: dict[str, list[IncomingFile]] = {}

    def new_file(
        self, field_name: str, file_name: str, content_type: str, *args: Any, **kwargs: Any
    ) -> None:
        super().new_file(field_name, file_name, content_type, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        self.total += len(raw_data)
        if self.received > self.per_file or self.total > self.per_request:
            self.total -= self.received
            self.cut_off.setdefault(str(self.field_name), []).append(
                IncomingFile.cut_off_upload(
                    self.file_name, str(self.content_type or ""), self.received
                )
            )
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler keeps the file


def cap_uploads(request: HttpRequest) -> SizeCappedUploads:
    """Install the cap on a request whose files were not read yet (the view must be exempt
    from the CSRF middleware, which reads them, and check CSRF itself)."""
    handler = SizeCappedUploads(request)
    request.upload_handlers.insert(0, handler)
    return handler


def uploaded_files(request: HttpRequest, field: str, cap: SizeCappedUploads) -> list[IncomingFile]:
    """Every file sent in `field`, those cut off at the limit included (to be refused)."""
    return [
        *(IncomingFile.from_upload(upload) for upload in request.FILES.getlist(field)),
        *cap.cut_off.get(field, []),
    ]
