"""Free-text search (complaints.search): the indexed search finds exactly what a plain
substring search finds, in four languages, on SQLite and PostgreSQL; broad searches count up
to a cap and say so; erased words are no longer found."""

from __future__ import annotations

import functools
import operator

import pytest
from django.db import connection
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaintdesk.complaints import selectors
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.complaints.search import EVERY_TEXT, cjk_grams
from complaintdesk.complaints.selectors import ComplaintSearch, search_complaints
from complaintdesk.privacy.services import erase_customer
from tests.api.clients import BASE, bearer
from tests.factories import complaint_in, file

pytestmark = pytest.mark.django_db

# (subject, description, customer name, e-mail, language)
ARCHIVE = (
    ("Dishwasher leaks", "The dishwasher I bought leaks water.", "Dana Smith", "dana@example.com", "en"),  # noqa: E501
    ("Late delivery", "Order ORD-77 never came.", "Émile Zola", "emile@exemple.fr", "fr"),
    ("Réfrigérateur en panne", "Le réfrigérateur ne refroidit plus.", "Zoé Durand", "zoe@exemple.fr", "fr"),  # noqa: E501
    ("Refrigerateur bruyant", "Sans accent: refrigerateur.", "Léa Petit", "lea@exemple.fr", "fr"),
    ("Frigorífico roto", "El frigorífico no enfría.", "José Núñez", "jose@ejemplo.es", "es"),
    ("FRIGORÍFICO ruidoso", "Hace ruido.", "Ana García", "ana@ejemplo.es", "es"),
    ("订单A12的退款还没到账", "我退回了洗衣机，到现在还没收到退款。", "王伟", "wangwei@example.cn", "zh-hans"),  # noqa: E501
    ("我的洗衣机坏了", "洗衣机用了几天就坏了。", "李娜", "lina@example.cn", "zh-hans"),
    ("门店拒绝退货", "门店拒绝为我的冰箱办理退货。", "退款 Customer", "tk@example.cn", "zh-hans"),
    ("Charged twice", "50% off code did not_work; 退 once.", "Bob O'Brien", "bob@example.com", "en"),  # noqa: E501
)  # fmt: skip

TERMS = (
    "dishwasher", "DISHWASHER", "réfrigérateur", "refrigerateur", "RÉFRIGÉRATEUR", "frigorífico",
    "FRIGORÍFICO", "émile", "zoé", "núñez", "exemple.fr", "ord-77", "50%", "not_work", "o'brien",
    "退款", "退", "洗衣机", "退货", "洗", "王伟", "王", "到账", "机坏", "退款 C", "A12", "cd-",
    "ab", "e", "zz", "款还没到",
)  # fmt: skip


@pytest.fixture
def archive(db):
    return [
        file(subject=subject, description=description, name=name, email=email, language=language)
        for subject, description, name, email, language in ARCHIVE
    ]


def plainly_found(text: str) -> set[str]:
    """What the search found before it was indexed: the OR of `icontains` across the join."""
    plain = functools.reduce(
        operator.or_,
        [Q(**{f"{name}__icontains": text}) for name in EVERY_TEXT.containing]
        + [Q(**{f"customer__{name}__icontains": text}) for name in EVERY_TEXT.customer],
    )
    return set(Complaint.objects.filter(plain).values_list("reference", flat=True))


def found(user, text: str) -> set[str]:
    complaints = search_complaints(user, ComplaintSearch(text=text))
    return set(complaints.values_list("reference", flat=True))


@pytest.mark.parametrize("term", TERMS)
def test_the_search_finds_exactly_what_a_plain_substring_search_finds(
    quality_manager, archive, term
):
    assert found(quality_manager, term) == plainly_found(term)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_piece_of_the_archive_is_found_as_a_plain_substring_search_finds_it(
    quality_manager, archive, data
):
    # Any slice of any searched text, of one to six characters, in whatever case.
    texts = [word for row in ARCHIVE for word in row[:4]]
    text = data.draw(st.sampled_from(texts))
    start = data.draw(st.integers(0, len(text) - 1))
    term = text[start : start + data.draw(st.integers(1, 6))]
    term = data.draw(st.sampled_from([term, term.upper(), term.lower()])).strip()
    if term:
        assert found(quality_manager, term) == plainly_found(term)


@pytest.mark.parametrize(
    ("term", "subjects"),
    [
        # One, two and three or more Chinese characters.
        ("退", {"订单A12的退款还没到账", "门店拒绝退货", "Charged twice"}),
        ("退款", {"订单A12的退款还没到账", "门店拒绝退货"}),  # the second by its customer's name
        ("洗衣机", {"订单A12的退款还没到账", "我的洗衣机坏了"}),
        ("王伟", {"订单A12的退款还没到账"}),
        ("款还没到", {"订单A12的退款还没到账"}),
    ],
)
def test_chinese_terms_of_any_length_are_found(quality_manager, archive, term, subjects):
    found_subjects = set(
        search_complaints(quality_manager, ComplaintSearch(text=term)).values_list(
            "subject", flat=True
        )
    )

    assert found_subjects == subjects


def test_accents_count_as_typed_and_case_does_not(quality_manager, archive):
    # (SQLite folds the case of ASCII letters only, so the accented letters stay as written.)
    accented = found(quality_manager, "RéFRIGéRATEUR")

    assert {c.subject for c in Complaint.objects.filter(reference__in=accented)} == {
        "Réfrigérateur en panne"
    }
    assert found(quality_manager, "refrigerateur") != accented


def test_cjk_terms_are_looked_up_by_their_characters_and_pairs():
    assert (cjk_grams("退"), cjk_grams("退款"), cjk_grams("退款单")) == (
        ["退"],
        ["退款"],
        ["款单", "退款"],
    )


def test_erased_words_are_no_longer_found(quality_manager, agent, billing):
    closed = complaint_in(Status.CLOSED, actor=agent, department=billing)
    name = closed.customer.name

    erase_customer(customer=closed.customer, actor=quality_manager, reason="Asked on 3 May")

    assert closed.reference not in found(quality_manager, name)
    assert closed.reference not in found(quality_manager, "Charged twice")


@pytest.fixture
def cap_of_three(monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_TOTAL_CAP", 3)


@pytest.fixture
def five_refunds(db):
    return [file(subject=f"Refund {n} missing") for n in range(5)]


def test_a_broad_search_counts_up_to_the_cap_and_says_there_are_more(
    agent, five_refunds, cap_of_three
):
    body = bearer(agent).get(f"{BASE}/complaints?q=refund&page_size=2").json()

    assert (len(body["items"]), body["total"], body["total_capped"]) == (2, 3, True)


def test_a_page_past_the_cap_is_counted_to_its_end_and_served(agent, five_refunds, cap_of_three):
    body = bearer(agent).get(f"{BASE}/complaints?q=refund&page_size=2&page=3").json()

    assert (len(body["items"]), body["total"], body["total_capped"]) == (1, 5, False)


def test_pages_of_a_capped_search_neither_overlap_nor_skip(agent, five_refunds, cap_of_three):
    pages = [
        bearer(agent).get(f"{BASE}/complaints?q=refund&page_size=2&page={n}").json()["items"]
        for n in (1, 2, 3)
    ]

    references = [item["reference"] for page in pages for item in page]
    assert sorted(references) == sorted(c.reference for c in five_refunds)


def test_a_search_below_the_cap_is_counted_exactly(agent, five_refunds, cap_of_three):
    body = bearer(agent).get(f"{BASE}/complaints?q=refund 4").json()

    assert (body["total"], body["total_capped"]) == (1, False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes are PostgreSQL's")
def test_on_postgresql_the_search_is_answered_through_its_indexes(quality_manager, archive):
    # A handful of rows would be read whole; the planner is told to prefer indexes, as it
    # does on its own on a large archive (docs/search.md has the plans on a million).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for term, index in (
            ("dishwasher", "complaint_description_trigrams"),
            ("退款", "complaint_cjk_grams"),
        ):
            matches = search_complaints(quality_manager, ComplaintSearch(text=term))
            sql, params = matches.order_by().values("pk").query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert index in plan, plan
