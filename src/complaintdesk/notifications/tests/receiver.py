"""A real HTTP receiver on loopback for webhook tests: it records what it is sent and answers
with the statuses it is told to, in order."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    # Answered in turn; the last one is repeated.
    statuses: list[int] = field(default_factory=lambda: [200])
    received: list[Received] = field(default_factory=list)
    redirect_to: str = ""


@contextmanager
def webhook_receiver(*statuses: int) -> Iterator[Receiver]:
    receiver = Receiver(url="", statuses=list(statuses or (200,)))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            receiver.received.append(
                Received(self.path, dict(self.headers.items()), self.rfile.read(length))
            )
            status = (
                receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
            )
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", receiver.redirect_to or "http://127.0.0.1:9/")
            body = b"ok" if status < 300 else b"receiver says no"
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/complaints"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
