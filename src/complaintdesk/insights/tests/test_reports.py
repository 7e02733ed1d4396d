"""The periodic report as files read back (PDF text, XLSX cells, CSV rows), formulas made
inert, and the schedule that e-mails it once per period."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from complaintdesk.complaints.models import Complaint
from complaintdesk.insights import services
from complaintdesk.insights.models import ReportSchedule
from complaintdesk.insights.reports import last_period, period_bounds

pytestmark = pytest.mark.django_db


@pytest.fixture
def formula(november):
    Complaint.objects.filter(pk=november["A"].pk).update(subject="=HYPERLINK('http://x')")
    return november


def test_the_pdf_report_has_the_figures_and_real_charts(formula, tmp_path):
    output = tmp_path / "report.pdf"
    call_command("report", period="2026-11", format="pdf", output=str(output))
    reader = PdfReader(output)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Complaints report 2026-11" in text
    assert "Complaints received" in text
    assert "By channel" in text
    assert "Billing" in text
    assert "Delivery" in text
    # The charts are drawn as vector graphics, not text alone.
    content = reader.pages[0].get_contents().get_data()
    assert content.count(b" re") > 10


def test_the_xlsx_report_has_the_rows_with_formulas_made_inert(formula, tmp_path):
    output = tmp_path / "report.xlsx"
    call_command("report", period="2026-11", format="xlsx", output=str(output))
    book = load_workbook(output)
    rows = list(book["Complaints"].iter_rows(values_only=True))
    assert len(rows) == 1 + 5
    subjects = [row[-1] for row in rows[1:]]
    assert "'=HYPERLINK('http://x')" in subjects
    summary = dict(
        (row[0], row[1]) for row in book["Summary"].iter_rows(values_only=True) if len(row) > 1
    )
    assert summary["Complaints received"] == "5"
    assert summary["First response, median"] == "4.0 h"


def test_the_csv_report_has_one_row_per_complaint(formula, tmp_path):
    output = tmp_path / "report.csv"
    call_command("report", period="2026-11", format="csv", output=str(output))
    rows = list(csv.reader(io.StringIO(output.read_text("utf-8-sig"))))
    assert len(rows) == 6
    assert all(not row[-1].startswith("=") for row in rows)


def test_a_report_of_one_department_counts_only_its_complaints(november, billing, tmp_path):
    output = tmp_path / "billing.csv"
    call_command("report", period="2026-11", format="csv", output=str(output), department="billing")
    assert len(output.read_text("utf-8-sig").splitlines()) == 5


def test_a_bad_period_is_named_in_the_error(db, tmp_path):
    with pytest.raises(CommandError, match="--period"):
        call_command("report", period="Nov", format="csv", output=str(tmp_path / "x.csv"))


def test_weeks_and_months_are_periods():
    assert period_bounds("2026-W47") == (date(2026, 11, 16), date(2026, 11, 22))
    assert period_bounds("2026-02") == (date(2026, 2, 1), date(2026, 2, 28))
    assert last_period("weekly", date(2026, 11, 25)) == "2026-W47"
    assert last_period("monthly", date(2026, 12, 1)) == "2026-11"


def test_a_scheduled_report_is_mailed_once_per_period(november, quality_manager):
    schedule = ReportSchedule.objects.create(name="Monthly", frequency="monthly", format="xlsx")
    schedule.recipients.add(quality_manager)
    assert services.send_scheduled_reports(today=date(2026, 12, 1)) == ["Monthly 2026-11"]
    assert services.send_scheduled_reports(today=date(2026, 12, 2)) == []
    assert len(mail.outbox) == 1
    name, content, _type = mail.outbox[0].attachments[0]
    assert name == "complaints-2026-11.xlsx"
    book = load_workbook(io.BytesIO(content))
    assert len(list(book["Complaints"].iter_rows())) == 6
