from __future__ import annotations

import argparse
import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from complaintdesk.accounts.models import Department, Role, User
from complaintdesk.accounts.services import create_user


def validation_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


class Command(BaseCommand):
    help = "Create a staff user. The password is asked for, or read from standard input."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--department",
            action="append",
            default=[],
            metavar="CODE",
            help="a department the user works in, by its code (repeat for several)",
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input",
        )

    def handle(
        self,
        *args: object,
        username: str,
        role: str,
        department: list[str],
        email: str,
        first_name: str,
        last_name: str,
        password_stdin: bool,
        **options: object,
    ) -> None:
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"username: a user named {username!r} already exists")
        departments = self.departments(department)
        candidate = User(username=username, email=email, first_name=first_name, last_name=last_name)
        password = self.read_password(password_stdin)
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            raise CommandError(f"password: {validation_message(exc)}") from None
        try:
            user = create_user(
                username=username,
                password=password,
                role=role,
                email=email,
                first_name=first_name,
                last_name=last_name,
                departments=departments,
            )
        except ValidationError as exc:
            raise CommandError(validation_message(exc)) from None
        where = f" in {', '.join(d.name for d in departments)}" if departments else ""
        self.stdout.write(f"Created {user.username} ({user.get_role_display()}){where}.")

    def departments(self, codes: list[str]) -> list[Department]:
        found = {d.code: d for d in Department.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            known = ", ".join(Department.objects.values_list("code", flat=True)) or "none yet"
            raise CommandError(
                f"department: no department with the code {', '.join(map(repr, unknown))} "
                f"(known: {known})"
            )
        return [found[code] for code in dict.fromkeys(codes)]

    def read_password(self, from_stdin: bool) -> str:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            if not sys.stdin.isatty():
                raise CommandError(
                    "password: no terminal to ask for it on; pipe it in with --password-stdin"
                )
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("password: the two passwords differ")
        if not password:
            raise CommandError("password: may not be empty")
        return password
