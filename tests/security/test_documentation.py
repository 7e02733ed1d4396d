"""docs/security.md says what the code does: its roles table is drawn from the permissions
table, and it names every attack test kept here."""

from __future__ import annotations

from pathlib import Path

from complaintdesk.accounts.permissions import role_table_markdown

HERE = Path(__file__).resolve().parent
DOC = (HERE.parents[1] / "docs" / "security.md").read_text()


def test_the_roles_table_in_the_security_doc_is_drawn_from_the_permissions_table():
    assert role_table_markdown() in DOC, (
        "docs/security.md is out of date; paste the output of "
        "complaintdesk.accounts.permissions.role_table_markdown()"
    )


def test_the_security_doc_names_every_attack_test():
    tests = {path.name for path in HERE.glob("test_*.py")} - {"test_documentation.py"}

    assert {name for name in tests if name not in DOC} == set()
