from __future__ import annotations

import io

from django.core.management import call_command
from django.utils import timezone

from complaintdesk.complaints.models import Category, Complaint
from complaintdesk.complaints.services import update_complaint
from complaintdesk.triage.models import ModelVersion
from complaintdesk.triage.selectors import training_examples
from complaintdesk.triage.tests.conftest import synthetic
from tests.factories import file


def _handled(texts, labels):
    categories = {
        code: Category.objects.get_or_create(code=code, name=code)[0] for code in set(labels)
    }
    for text, label in zip(texts, labels, strict=True):
        complaint = file(subject=text[:40], description=text)
        Complaint.objects.filter(pk=complaint.pk).update(
            category=categories[label], triaged_at=timezone.now()
        )


def test_labels_come_from_complaints_people_triaged(db):
    _handled(["rude staff"], ["attitude"])
    file(subject="Not triaged yet", description="invoice wrong")
    texts, labels = training_examples("category")
    assert labels == ["attitude"]
    assert "rude staff" in texts[0]


def test_a_persons_correction_is_the_label(handler):
    _handled(["the courier was rude"], ["delivery"])
    complaint = Complaint.objects.get()
    attitude = Category.objects.create(code="attitude", name="Attitude")
    update_complaint(
        complaint=complaint, actor=handler, expected_version=None, fields={"category": attitude}
    )
    assert training_examples("category")[1] == ["attitude"]


def test_the_train_command_retrains_from_handled_complaints_and_activates(db):
    _handled(*synthetic(60))
    out = io.StringIO()
    call_command("train", "--field", "category", "--quiet", stdout=out)
    assert "activated" in out.getvalue()
    assert ModelVersion.objects.get(active=True).source == "database"
