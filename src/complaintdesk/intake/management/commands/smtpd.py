import asyncio

from django.core.management.base import BaseCommand, CommandError, CommandParser

from complaintdesk.intake.mail.smtp_listener import MailListener


class Command(BaseCommand):
    help = (
        "Receive complaints by e-mail: an SMTP server that the company's mail server relays "
        "the complaints address to. Stops cleanly on SIGINT or SIGTERM."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=2525, help="port to listen on")
        parser.add_argument(
            "--workers", type=int, default=4, help="messages stored at the same time"
        )

    def handle(self, *args: object, host: str, port: int, workers: int, **options: object) -> None:
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535 (got {port})")
        if workers < 1:
            raise CommandError(f"--workers must be at least 1 (got {workers})")
        listener = MailListener(host, port, workers=workers)
        try:
            asyncio.run(listener.serve(handle_signals=True))
        except OSError as exc:
            raise CommandError(f"cannot listen on {host}:{port}: {exc}") from exc
