from __future__ import annotations

import argparse

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from complaintdesk.accounts.models import ApiToken, User, hash_token
from complaintdesk.accounts.services import TOKEN_PREFIX, issue_token, revoke_token


class Command(BaseCommand):
    help = "Issue, revoke and list API tokens (sent as 'Authorization: Bearer <token>')."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        issue = actions.add_parser(
            "issue",
            help="issue a token; it is printed once, alone on standard output",
        )
        issue.add_argument("username")
        issue.add_argument("--name", default="command line", help="what the token is for")
        revoke = actions.add_parser("revoke", help="revoke a token by its prefix or its id")
        revoke.add_argument("token", metavar="PREFIX_OR_ID")
        listing = actions.add_parser("list", help="list tokens, of one user or of everyone")
        listing.add_argument("username", nargs="?")

    def handle(self, *args: object, action: str, **options: str) -> None:
        if action == "issue":
            self.issue(options["username"], options["name"])
        elif action == "revoke":
            self.revoke(options["token"])
        else:
            self.show(options.get("username"))

    def user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"username: no user named {username!r}")
        return user

    def issue(self, username: str, name: str) -> None:
        user = self.user(username)
        if not user.is_active:
            raise CommandError(f"username: {username!r} is deactivated and cannot use the API")
        if not name.strip():
            raise CommandError("--name: may not be empty")
        token, raw = issue_token(user=user, name=name.strip()[:80])
        # Only the token goes to standard output, so `$(complaintdesk token issue …)` captures it.
        self.stdout.write(raw)
        self.stderr.write(
            f"Issued token #{token.pk} ({token.prefix}…) for {user.username}. "
            "Store it now: it cannot be shown again.",
            style_func=lambda text: text,
        )

    def revoke(self, given: str) -> None:
        token = self.find(given.strip().rstrip("…"))
        if token.revoked_at is not None:
            self.stdout.write(
                f"Token #{token.pk} ({token.prefix}…) of {token.user.username} was already "
                f"revoked on {timezone.localtime(token.revoked_at):%Y-%m-%d %H:%M}."
            )
            return
        revoke_token(token=token)
        self.stdout.write(f"Revoked token #{token.pk} ({token.prefix}…) of {token.user.username}.")

    def find(self, given: str) -> ApiToken:
        tokens = ApiToken.objects.select_related("user")
        if given.isdigit():
            matches = list(tokens.filter(pk=int(given)))
        elif len(given) > len(TOKEN_PREFIX) + 6:
            # The whole secret: a prefix could be shared, the hash cannot.
            matches = list(tokens.filter(key_hash=hash_token(given)))
        elif given.startswith(TOKEN_PREFIX) and len(given) > len(TOKEN_PREFIX):
            matches = list(tokens.filter(prefix__startswith=given))
        else:
            raise CommandError(
                f"token: give a token id or a prefix such as {TOKEN_PREFIX}Ab3dE9 "
                f"(see 'complaintdesk token list'); got {given!r}"
            )
        if not matches:
            raise CommandError(f"token: no token matches {given!r}")
        if len(matches) > 1:
            ids = ", ".join(f"#{t.pk}" for t in matches)
            raise CommandError(f"token: {given!r} matches several tokens ({ids}); give the id")
        return matches[0]

    def show(self, username: str | None) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
        if username:
            tokens = tokens.filter(user=self.user(username))
        rows = [
            (
                f"#{t.pk}",
                f"{t.prefix}…",
                t.user.username,
                t.name,
                f"{timezone.localtime(t.created_at):%Y-%m-%d %H:%M}",
                f"{timezone.localtime(t.last_used_at):%Y-%m-%d %H:%M}"
                if t.last_used_at
                else "never",
                "revoked" if t.revoked_at else "active",
            )
            for t in tokens
        ]
        if not rows:
            self.stdout.write("No API tokens.")
            return
        header = ("id", "prefix", "user", "name", "issued", "last used", "status")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            self.stdout.write(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
