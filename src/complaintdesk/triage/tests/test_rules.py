from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from complaintdesk.triage.models import Rule
from complaintdesk.triage.rules import claimed_amounts, compile_rule, matching
from complaintdesk.triage.services import assess


def _rule(expression: str, *, language: str = "", match: str = "keywords"):
    return compile_rule(
        name="Test rule",
        field="signal",
        language=language,
        match=match,
        expression=expression,
        value="legal_threat",
    )


def test_a_keyword_rule_fires_and_names_the_words_it_matched():
    hits = matching([_rule("lawyer\nlegal action")], "I will take legal action today", {"en"})
    assert [hit.explanation for hit in hits] == ['rule "Test rule" matched "legal action"']


def test_keywords_match_whole_words_only():
    assert matching([_rule("fire")], "I was fired from my job", {"en"}) == []


def test_keywords_match_regardless_of_case_and_accents():
    rule = _rule("reembolso")
    assert matching([rule], "QUIERO UN REEMBÓLSO YA", {"es"})[0].matched == "reembolso"


def test_chinese_keywords_match_inside_a_sentence():
    assert matching([_rule("律师")], "我已经找了律师准备起诉", {"zh"})[0].matched == "律师"


def test_a_rule_of_another_language_does_not_fire():
    assert matching([_rule("abogado", language="es")], "mi abogado", {"en"}) == []


def test_a_pattern_rule_fires_on_its_regular_expression():
    rule = _rule(r"case\s+no\.?\s*\d+", match="pattern")
    assert matching([rule], "See case no. 4411", {"en"})[0].matched == "case no. 4411"


def test_a_broken_pattern_is_skipped_rather_than_breaking_triage():
    assert _rule("([unclosed", match="pattern") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I want my $1,200.50 back", (Decimal("1200.50"), "USD")),
        ("rembourser 1 200,50 € svp", (Decimal("1200.50"), "EUR")),
        ("un reembolso de 50 euros", (Decimal("50"), "EUR")),
        ("要求退款500元", (Decimal("500"), "CNY")),
        ("it cost £3k", (Decimal("3000"), "GBP")),
    ],
)
def test_amounts_with_a_currency_are_read_in_each_notation(text, expected):
    assert claimed_amounts(text)[0] == expected


def test_numbers_without_a_currency_are_not_amounts():
    assert claimed_amounts("order 1001, call 555 1234, version 2.0") == []


def test_a_rule_with_an_invalid_pattern_is_refused_naming_the_field(db):
    rule = Rule(name="x", field="signal", match="pattern", expression="(", value="urgent")
    with pytest.raises(ValidationError) as refused:
        rule.full_clean()
    assert "expression" in refused.value.message_dict


def test_a_rule_value_must_be_one_the_field_accepts(db):
    rule = Rule(name="x", field="severity", expression="oops", value="apocalyptic")
    with pytest.raises(ValidationError) as refused:
        rule.full_clean()
    assert "value" in refused.value.message_dict


def test_a_rule_added_by_an_administrator_decides_the_field(db):
    Rule.objects.create(
        name="Loyalty scheme",
        field="category",
        expression="loyalty points",
        value="other",
        order=1,
    )
    result = assess("My loyalty points vanished").fields["category"]
    assert (result.value, result.source) == ("other", "rule")
    assert 'matched "loyalty points"' in result.explanation


def test_an_inactive_rule_does_not_fire(db):
    Rule.objects.filter(field="category").update(active=False)
    assert assess("I was charged twice on my invoice").fields["category"].value is None
