"""The `complaintdesk` command: Django's management commands under the product's name, plus
the product's own (serve, worker, demo, createuser, token)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaintdesk.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["complaintdesk", *(sys.argv[1:] if argv is None else argv)])
    except ImproperlyConfigured as exc:
        # A bad setting: say which, without a traceback.
        print(f"complaintdesk: configuration error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        # Ctrl-C at a prompt (createuser's password, say) is an answer, not a crash.
        sys.exit(130)


if __name__ == "__main__":
    main()
