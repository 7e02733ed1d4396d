"""The similarity of complaint texts is scikit-learn's TF-IDF cosine, computed without it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from complaintdesk.relations.similarity import similarities


def scikit_learn_similarities(text: str, others: list[str]) -> list[float]:
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    try:
        matrix = vectoriser.fit_transform([text, *others])
    except ValueError:  # no terms at all
        return [0.0] * len(others)
    return [float(score) for score in cosine_similarity(matrix[0], matrix[1:])[0]]


TEXTS = [
    "i was charged twice for my march bill",
    "charged twice on the march invoice, please refund",
    "the delivery never arrived",
    "me cobraron dos veces la factura de marzo",
    "on m'a facturé deux fois en mars",
    "三月的账单被重复扣款了",
    "三月账单重复扣款，请退款",
    "",
    "!!!",
]


def test_similarities_match_scikit_learn_on_complaints_in_four_languages():
    for text in TEXTS:
        others = [other for other in TEXTS if other is not text]
        assert similarities(text, others) == pytest.approx(
            scikit_learn_similarities(text, others), abs=1e-9
        )


def test_a_rewording_of_the_same_complaint_scores_higher_than_another_complaint():
    scores = similarities(TEXTS[0], [TEXTS[1], TEXTS[2]])

    assert scores[0] > 0.3 > scores[1]


def test_nothing_to_compare_gives_no_scores_and_empty_texts_are_alike_in_nothing():
    assert similarities("charged twice", []) == []
    assert similarities("", ["", "!!!"]) == [0.0, 0.0]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.lists(st.text(max_size=60), min_size=1, max_size=5))
def test_similarities_match_scikit_learn_on_any_text(text, others):
    assert similarities(text, others) == pytest.approx(
        scikit_learn_similarities(text, others), abs=1e-9
    )
