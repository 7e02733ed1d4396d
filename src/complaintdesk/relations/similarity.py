"""How alike two complaints read: TF-IDF over character n-grams, cosine similarity.

Character n-grams within words work for every language we take complaints in (Chinese has no
spaces between words) and forgive typos and inflections ("charged" and "charge"). The
weights are fitted on the handful of candidates at hand, so a term they all share (the
customer's name, a greeting) counts for little.

The arithmetic is scikit-learn's TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4),
sublinear_tf=True) followed by cosine similarity, written out over a few short texts with the
triage runtime's analyser: importing scikit-learn to compare a dozen texts would add about
90 MiB to the web worker that opens a complaint page (measured; see docs/triage.md, "Prediction
without scikit-learn"). A test holds the two equal."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from complaintdesk.complaints.models import Complaint
from complaintdesk.triage.classifier.runtime import Analyser, AnalyserSettings

CHARACTER_NGRAMS = AnalyserSettings(analyzer="char_wb", ngram_range=(2, 4))
_analyser = Analyser(CHARACTER_NGRAMS)


def text_of(complaint: Complaint) -> str:
    return f"{complaint.subject}\n{complaint.description}".lower()


def similarities(text: str, others: Sequence[str]) -> list[float]:
    """The cosine similarity, 0 to 1, of `text` to each of `others`, in their order."""
    if not others:
        return []
    counts = [Counter(_analyser.terms(document)) for document in (text, *others)]
    documents = len(counts)
    frequency = Counter(term for counted in counts for term in counted)
    # Smoothed inverse document frequency, as scikit-learn's smooth_idf.
    weight = {term: math.log((1 + documents) / (1 + seen)) + 1 for term, seen in frequency.items()}
    vectors = [
        _unit({term: (1 + math.log(n)) * weight[term] for term, n in c.items()}) for c in counts
    ]
    mine = vectors[0]
    return [
        min(1.0, sum(value * other.get(term, 0.0) for term, value in mine.items()))
        for other in vectors[1:]
    ]


def _unit(vector: dict[str, float]) -> dict[str, float]:
    length = math.sqrt(sum(value * value for value in vector.values()))
    if not length:
        return {}
    return {term: value / length for term, value in vector.items()}
