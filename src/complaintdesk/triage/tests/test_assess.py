from __future__ import annotations

from decimal import Decimal

import pytest

from complaintdesk.triage.models import FieldThreshold, PriorityCell, TriageSettings
from complaintdesk.triage.services import assess, assess_many, detect_language
from tests.factories import file

HOSTILE = [
    "",
    "   \n\t ",
    "😡😡😡🤬",
    "<script>alert('x')</script><p>Bonjour <b>le</b> service</p>&amp;&lt;",
    "Je suis très mécontent of your service, 我要退款 and I want a refund!!!",
    "x" * 100_000,
    "charged twice " * 8000,
    "\x00\x01\x02 nul bytes \ufffd",
    "$$$ €€€ 1,2,3,4,5,6 ¥",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_odd_and_hostile_texts_get_an_assessment_without_error(db, text):
    assessment = assess(text)
    assert set(assessment.to_dict()["fields"]) >= {"language", "category", "priority"}


def test_a_text_that_is_not_a_string_is_read_as_empty(db):
    assert assess_many([None])[0].value("category") is None  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("My parcel never arrived and nobody answers the phone", "en"),
        ("Mi paquete nunca llegó y nadie contesta el teléfono", "es"),
        ("Mon colis n'est jamais arrivé et personne ne répond", "fr"),
        ("我的快递一直没有收到，客服也不接电话", "zh"),
    ],
)
def test_the_language_is_detected(db, text, language):
    assert assess(text).value("language") == language


def test_a_language_given_at_intake_is_kept(db):
    result = assess("ok", language="fr").fields["language"]
    assert (result.value, result.source) == ("fr", "input")


def test_a_field_no_rule_or_model_decides_is_left_for_a_person(db):
    assessment = assess("Something about my account")
    assert assessment.value("category") is None
    assert "category" in assessment.needs_triage


def test_a_field_below_its_threshold_is_left_empty_with_the_suggestion_kept(db):
    FieldThreshold.objects.filter(field="category").update(minimum_confidence=0.99)
    result = assess("I was charged twice on my invoice").fields["category"]
    assert result.value is None
    assert result.suggestion == "billing-and-charges"


def test_a_safety_hazard_is_critical_urgent_and_abnormal(db):
    assessment = assess("There is a strong smell of gas near the meter in my kitchen")
    assert assessment.value("severity") == "critical"
    assert assessment.value("immediate_action") is True
    assert assessment.value("priority") == "p1"
    assert "critical_severity" in assessment.abnormal_reasons


def test_the_priority_follows_the_configured_matrix(db):
    PriorityCell.objects.filter(urgency="high", importance="high").update(priority="p3")
    assert assess("Smell of gas in the flat, please come").value("priority") == "p3"


def test_a_legal_threat_makes_a_complaint_abnormal_with_that_reason(db):
    assessment = assess("Refund me or my lawyer will take legal action")
    assert "legal_threat" in assessment.abnormal_reasons


def test_a_media_threat_is_an_abnormal_reason_in_spanish(db):
    assessment = assess("Si no me devuelven el dinero lo contaré a la prensa", language="es")
    assert "media_threat" in assessment.abnormal_reasons


def test_an_earlier_failed_remedy_is_an_abnormal_reason_in_french(db):
    assessment = assess("Le lave-linge est toujours en panne après la réparation")
    assert "failed_remedy" in assessment.abnormal_reasons


def test_an_amount_above_the_threshold_is_an_abnormal_reason(db):
    TriageSettings.objects.filter(pk=1).update(claimed_amount_threshold=Decimal(500))
    assessment = assess("I want compensation of $800 for the ruined carpet")
    assert assessment.claimed_amount == Decimal(800)
    assert assessment.value("remedy_sought") == ["compensation"]
    assert "amount_above_threshold" in assessment.abnormal_reasons


def test_an_amount_below_the_threshold_is_not_abnormal(db):
    assert assess("Please refund the 20 € fee").abnormal_reasons == ()


def test_a_customer_with_many_recent_complaints_is_a_repeat_complainer(db):
    complaints = [file(subject=f"Problem {n}") for n in range(3)]
    assessment = assess("Another problem", customer=complaints[0].customer)
    assert "repeat_complainer" in assessment.abnormal_reasons


def test_several_departments_concerned_is_abnormal_given_the_routing_map(db):
    text = "The courier was rude and my invoice is wrong"
    departments = {
        "delivery": "logistics",
        "service-attitude": "care",
        "billing-and-charges": "finance",
    }
    assert "several_departments" not in assess(text).abnormal_reasons
    assert "several_departments" in assess(text, department_of=departments).abnormal_reasons


def test_a_customer_who_feels_ignored_gets_guidance_on_respect(db):
    assessment = assess("Nobody listens to me, I called five times and no one called back")
    assert assessment.value("customer_state") == "respect"
    assert any("Acknowledge their feelings" in line for line in assessment.guidance)


def test_shouting_with_angry_emoji_is_high_emotional_intensity(db):
    assessment = assess("THIS IS ABSOLUTELY UNACCEPTABLE!!! 😡")
    assert assessment.value("emotional_intensity") == "high"


def test_praise_is_not_a_complaint(db):
    assert (
        assess("Thank you so much, great service from Maria").value("nature") == "not_a_complaint"
    )


def test_the_remedies_the_customer_names_are_all_collected(db):
    remedies = assess("I want an apology and a refund").value("remedy_sought")
    assert set(remedies) == {"apology", "refund"}


@pytest.mark.parametrize(
    ("text", "code"),
    [("我的快递一直没有收到", "zh-hans"), ("Mi paquete nunca llegó", "es"), ("🙂", "")],
)
def test_intake_gets_the_detected_language_as_one_of_the_sites_codes(text, code):
    assert detect_language(text) == code
