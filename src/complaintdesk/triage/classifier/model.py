"""A trained classifier for one field: TF-IDF word and character n-grams, a linear SVM, and a
calibrator that turns its scores into probabilities.

Prediction is written out (a sparse product and a small softmax) rather than through
scikit-learn's estimators, because their input checks cost more than the arithmetic on one
text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from complaintdesk.triage.classifier.runtime import (
    Prediction,
    logistic_probabilities,
    strongest_terms,
)
from complaintdesk.triage.classifier.text import for_features, plain


def word_vectorizer(max_features: int) -> TfidfVectorizer:
    return TfidfVectorizer(
        ngram_range=(1, 2),
        min_df=2,
        sublinear_tf=True,
        max_features=max_features,
        dtype=np.float32,
    )


def character_vectorizer(max_features: int) -> TfidfVectorizer:
    # Character n-grams within word boundaries carry Chinese (no spaces between words),
    # misspellings and inflections alike.
    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(1, 5),
        min_df=2,
        sublinear_tf=True,
        max_features=max_features,
        dtype=np.float32,
    )


@dataclass
class TextClassifier:
    classes: np.ndarray
    vectorizers: list[TfidfVectorizer]
    # Linear scores: one column per class (one column for two classes, as for the second),
    # one row per feature, so one text's few features are a gather of contiguous rows.
    weights: np.ndarray
    intercepts: np.ndarray
    # Multinomial calibration of the scores: probabilities = softmax(scores @ A.T + c).
    calibration_weights: np.ndarray
    calibration_intercepts: np.ndarray
    # Added to log-probabilities before choosing a label, so rare classes are not drowned by
    # frequent ones; the confidence stays the calibrated probability of the chosen label.
    log_bias: np.ndarray
    threshold: float
    # Choose labels by the SVM's scores (its class weights decide) rather than by the
    # calibrated probabilities with log_bias; chosen in training on what did better.
    decide_by_scores: bool = False
    metadata: dict[str, Any] = field(default_factory=dict)

    def features(self, texts: Sequence[str]) -> sp.csr_matrix:
        return self.vectorise([self.analyse(text) for text in texts])

    def vectorise(self, analysed: Sequence[list[list[str]]]) -> sp.csr_matrix:
        """The TF-IDF rows of analysed texts (one term list per vectorizer each), as the
        vectorizers' transform computes them, with the terms looked up block by block for the
        whole batch at once instead of text by text."""
        count = len(analysed)
        blocks = []
        for block, vectorizer in enumerate(self.vectorizers):
            vocabulary = vectorizer.vocabulary_
            lengths = np.fromiter(
                (len(terms[block]) for terms in analysed), dtype=np.int64, count=count
            )
            flat = chain.from_iterable(terms[block] for terms in analysed)
            columns = np.fromiter(
                map(vocabulary.get, flat, repeat(-1)), dtype=np.int64, count=int(lengths.sum())
            )
            rows = np.repeat(np.arange(count), lengths)
            known = columns >= 0
            # Duplicates are summed on conversion: the term counts.
            matrix = sp.csr_matrix(
                (np.ones(int(known.sum())), (rows[known], columns[known])),
                shape=(count, len(vocabulary)),
            )
            matrix.sum_duplicates()
            matrix.data = (1.0 + np.log(matrix.data)) * vectorizer.idf_[matrix.indices]
            norms = np.sqrt(np.bincount(
                np.repeat(np.arange(count), np.diff(matrix.indptr)),
                weights=matrix.data**2,
                minlength=count,
            ))  # fmt: skip
            norms[norms == 0] = 1.0
            matrix.data /= np.repeat(norms, np.diff(matrix.indptr))
            blocks.append(matrix)
        return sp.hstack(blocks, format="csr")

    def scores(self, matrix: sp.csr_matrix) -> np.ndarray:
        raw = np.asarray(matrix @ self.weights) + self.intercepts
        return raw

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        return self.calibrated(self.scores(self.features(texts)))

    def calibrated(self, scores: np.ndarray) -> np.ndarray:
        return logistic_probabilities(
            scores @ self.calibration_weights.T + self.calibration_intercepts
        )

    def decide(
        self, probabilities: np.ndarray, scores: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The chosen class index and its confidence for each row."""
        if self.decide_by_scores and scores is not None:
            chosen = (scores[:, 0] > 0).astype(int) if scores.shape[1] == 1 else scores.argmax(1)
        else:
            chosen = (np.log(probabilities + 1e-12) + self.log_bias).argmax(axis=1)
        return chosen, probabilities[np.arange(len(chosen)), chosen]

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        if not texts:
            return []
        scores = self.scores(self.features(texts))
        chosen, confidence = self.decide(self.calibrated(scores), scores)
        return [
            Prediction(str(self.classes[index]), round(float(value), 4))
            for index, value in zip(chosen, confidence, strict=True)
        ]

    def answer_many(
        self, analysed: Sequence[list[list[str]]], top: int = 5
    ) -> list[tuple[int, float, list[tuple[str, float]]]]:
        """For each analysed text: the chosen class index, its confidence and the terms that
        weighed most, computed for the whole batch with a few matrix operations."""
        if not analysed:
            return []
        matrix = self.vectorise(analysed)
        scores = self.scores(matrix)
        chosen, confidence = self.decide(self.calibrated(scores), scores)
        row_class = np.repeat(chosen, np.diff(matrix.indptr))
        contributions = matrix.data * self._class_weights(matrix.indices, row_class)
        return [
            (
                int(chosen[row]),
                float(confidence[row]),
                self._top_terms(matrix.indices[start:end], contributions[start:end], top),
            )
            for row, (start, end) in enumerate(
                zip(matrix.indptr[:-1], matrix.indptr[1:], strict=True)
            )
        ]

    # The fast path for one text at a time: scikit-learn's transform validates its input on
    # every call, which costs more than the arithmetic. This computes the same TF-IDF vector
    # (sublinear tf × idf, each block L2-normalised) from the vocabularies directly.

    def analysis_key(self) -> tuple[Any, ...]:
        """Equal keys mean equal analysers, so one text's terms serve several fields."""
        return tuple(
            (v.analyzer, v.ngram_range, v.lowercase, v.token_pattern, v.strip_accents)
            for v in self.vectorizers
        )

    def analyse(self, text: str) -> list[list[str]]:
        analysers = self.__dict__.get("_analysers")
        if analysers is None:
            analysers = [vectorizer.build_analyzer() for vectorizer in self.vectorizers]
            self.__dict__["_analysers"] = analysers
        cleaned = for_features(plain(text))
        return [analyse(cleaned) for analyse in analysers]

    def sparse_vector(self, terms: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and TF-IDF values of one analysed text."""
        all_indices: list[np.ndarray] = []
        all_values: list[np.ndarray] = []
        offset = 0
        for vectorizer, block_terms in zip(self.vectorizers, terms, strict=True):
            vocabulary = vectorizer.vocabulary_
            found = [index for index in map(vocabulary.get, block_terms) if index is not None]
            if found:
                counts = Counter(found)
                indices = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
                values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
                values = (1.0 + np.log(values)) * vectorizer.idf_[indices]
                values /= np.sqrt(values @ values)
                all_indices.append(indices + offset)
                all_values.append(values)
            offset += len(vocabulary)
        if not all_indices:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(all_indices), np.concatenate(all_values)

    def predict_vector(
        self, indices: np.ndarray, values: np.ndarray
    ) -> tuple[int, float, list[tuple[str, float]]]:
        """The chosen class index, its confidence and the terms that weighed most."""
        scores = (values @ self.weights[indices] + self.intercepts)[None, :]
        chosen, confidence = self.decide(self.calibrated(scores), scores)
        index = int(chosen[0])
        return index, float(confidence[0]), self._explain(indices, values, index)

    def explain(self, text: str, label: str, top: int = 5) -> list[tuple[str, float]]:
        """The words and fragments of `text` that weighed most for `label`."""
        matches = np.nonzero(self.classes == label)[0]
        if len(matches) == 0:
            return []
        return self.explain_row(self.features([text]), int(matches[0]), top)

    def explain_row(
        self, row: sp.csr_matrix, class_index: int, top: int = 5
    ) -> list[tuple[str, float]]:
        """The features of one text's row that pushed most towards the class."""
        return self._explain(row.indices, row.data, class_index, top)

    def _explain(
        self, indices: np.ndarray, values: np.ndarray, class_index: int, top: int = 5
    ) -> list[tuple[str, float]]:
        if len(indices) == 0:
            return []
        classes = np.full(len(indices), class_index)
        contributions = values * self._class_weights(indices, classes)
        return self._top_terms(indices, contributions, top)

    def _top_terms(
        self, indices: np.ndarray, contributions: np.ndarray, top: int
    ) -> list[tuple[str, float]]:
        if len(indices) == 0:
            return []
        return strongest_terms(indices, contributions, self._terms().__getitem__, top)

    def _terms(self) -> list[str]:
        # Built on first use after loading: the vocabularies map terms to columns, and an
        # explanation needs the reverse.
        terms = self.__dict__.get("_term_list")
        if terms is None:
            terms = []
            for vectorizer in self.vectorizers:
                block = [""] * len(vectorizer.vocabulary_)
                for term, index in vectorizer.vocabulary_.items():
                    block[index] = term
                terms.extend(block)
            self.__dict__["_term_list"] = terms
        return terms

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_term_list", None)
        state.pop("_analysers", None)
        state.pop("_class_weight_matrix", None)
        return state

    def _class_weights(self, indices: np.ndarray, classes: np.ndarray) -> np.ndarray:
        """How much each feature (by column) adds to the calibrated log-odds of the class
        (one per feature): the scorers' weights combined as the calibrator combines their
        scores, so stacked and ordinal scorers are explained like a single one."""
        combined = self.__dict__.get("_class_weight_matrix")
        if combined is None:
            # Computed once after loading: features × log-odds.
            combined = np.ascontiguousarray(
                self.weights @ self.calibration_weights.T.astype(np.float32)
            )
            self.__dict__["_class_weight_matrix"] = combined
        if combined.shape[1] == 1:
            # Two classes: one log-odds, for the second class.
            return np.asarray(combined[indices, 0] * np.where(classes == 1, 1.0, -1.0))
        return np.asarray(combined[indices, classes])
