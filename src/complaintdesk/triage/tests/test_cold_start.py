"""Cold start: an installation with no history gets models trained from the demo's complaints
(`complaintdesk train --from-demo`), beside the shipped rules."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from complaintdesk.audit.models import Event
from complaintdesk.triage.classifier.training import TrainingOptions
from complaintdesk.triage.management.commands.train import demo_examples
from complaintdesk.triage.models import ModelSource, ModelVersion
from complaintdesk.triage.services import assess, training_options


def _train(*arguments: str) -> str:
    out = io.StringIO()
    call_command("train", "--from-demo", "--quiet", *arguments, stdout=out)
    return out.getvalue()


def test_the_demo_labels_severity_in_every_language_it_has():
    texts, labels = demo_examples("severity")
    assert len(texts) == len(labels) >= 100
    assert {"low", "medium", "high"} <= set(labels)
    assert any("\u4e00" <= character <= "\u9fff" for character in "".join(texts))


def test_training_from_the_demo_activates_a_model_that_decides_what_no_rule_does(db):
    output = _train("--field", "severity")
    version = ModelVersion.objects.get(field="severity", active=True)
    assert version.source == ModelSource.DEMO
    assert version.examples >= 100
    assert "activated: first" in output
    assert Event.objects.filter(action="model.activated", subject=f"model:{version.name}").exists()
    result = assess("The invoice shows the wrong amount again this month.").fields["severity"]
    assert result.source == "model"
    assert result.suggestion in {"low", "medium", "high", "critical"}
    assert result.model_version == version.name


def test_a_field_with_an_active_model_keeps_it_unless_forced(db):
    _train("--field", "severity")
    first = ModelVersion.objects.get(active=True)
    assert "kept" in _train("--field", "severity")
    assert ModelVersion.objects.get(active=True) == first
    assert ModelVersion.objects.count() == 1


def test_a_field_the_demo_does_not_label_is_refused_by_name(db):
    with pytest.raises(CommandError, match="--field complexity"):
        _train("--field", "complexity")


def test_severity_models_learn_the_order_of_the_levels():
    assert training_options("severity").order == ("low", "medium", "high", "critical")
    assert training_options("category").order == ()
    assert training_options("severity", TrainingOptions(order=("a", "b", "c"))).order == (
        "a",
        "b",
        "c",
    )


def test_training_without_a_field_or_the_demo_is_refused_naming_the_option(db):
    with pytest.raises(CommandError, match="--field is required"):
        call_command("train", "--quiet", stdout=io.StringIO())
