"""How alike two complaints read: TF-IDF over character n-grams, cosine similarity.

Character n-grams within words work for every language we take complaints in (Chinese has no
spaces between words) and forgive typos and inflections ("charged" and "charge"). The
vectoriser is fitted on the handful of candidates at hand, so a term they all share (the
customer's name, a greeting) counts for little."""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from complaintdesk.complaints.models import Complaint


def text_of(complaint: Complaint) -> str:
    return f"{complaint.subject}\n{complaint.description}".lower()


def similarities(text: str, others: Sequence[str]) -> list[float]:
    """The cosine similarity, 0 to 1, of `text` to each of `others`, in their order."""
    if not others:
        return []
    documents = [text, *others]
    if not any(document.strip() for document in documents):
        return [0.0] * len(others)
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    try:
        matrix = vectoriser.fit_transform(documents)
    except ValueError:
        # Nothing to count (only punctuation, say): nothing alike.
        return [0.0] * len(others)
    return [float(score) for score in cosine_similarity(matrix[0], matrix[1:])[0]]
