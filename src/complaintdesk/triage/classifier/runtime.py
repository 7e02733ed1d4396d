"""Triage's models at prediction time, with numpy alone: no scikit-learn, no scipy.

Training and evaluation use scikit-learn; what it leaves is arrays — the vectorizers' settings,
vocabularies and idf, the linear scorers' weights, the calibration — which `compilation.py`
writes beside each model version (model.npz, no pickle). This module reproduces the
vectorizers' analysis (word, char and char_wb n-grams) and the arithmetic exactly, so a web
worker serves predictions without importing scikit-learn and scipy (about 90 MiB per worker).

The vocabularies of every loaded model are kept in one lexicon per kind of analysis, so a
complaint is analysed and its terms looked up once for every field's model, and the character
n-grams of a word, once looked up, are remembered: most words of a complaint were seen before."""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from complaintdesk.triage.classifier.text import for_features, plain

FORMAT = 1
COMPILED_FILE = "model.npz"
# A model's answer: label, confidence, and the terms that weighed most with their weights.
Answer = tuple[str, float, list[tuple[str, float]]]
# How many words' character n-grams are remembered per kind of analysis (a few MiB).
REMEMBERED_WORDS = 20_000
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
# scikit-learn's whitespace normalisation before character n-grams.
_WHITE_SPACES = re.compile(r"\s\s+")


class NotCompiled(ValueError):
    """The model directory has no compiled form, or one this code cannot read."""


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float


@dataclass(frozen=True)
class AnalyserSettings:
    """What decides a vectorizer's terms (scikit-learn's names and meanings)."""

    analyzer: str  # "word", "char" or "char_wb"
    ngram_range: tuple[int, int]
    lowercase: bool = True
    strip_accents: str | None = None  # None, "ascii" or "unicode"
    token_pattern: str | None = r"(?u)\b\w\w+\b"  # noqa: S105 (a regular expression)
    stop_words: frozenset[str] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "analyzer": self.analyzer,
            "ngram_range": list(self.ngram_range),
            "lowercase": self.lowercase,
            "strip_accents": self.strip_accents,
            "token_pattern": self.token_pattern,
            "stop_words": None if self.stop_words is None else sorted(self.stop_words),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AnalyserSettings:
        stop_words = data.get("stop_words")
        low, high = data["ngram_range"]
        return cls(
            analyzer=str(data["analyzer"]),
            ngram_range=(int(low), int(high)),
            lowercase=bool(data["lowercase"]),
            strip_accents=data.get("strip_accents"),
            token_pattern=data.get("token_pattern"),
            stop_words=None if stop_words is None else frozenset(stop_words),
        )


def _strip_accents_unicode(text: str) -> str:
    if text.isascii():
        return text
    normalized = unicodedata.normalize("NFKD", text)
    return "".join([c for c in normalized if not unicodedata.combining(c)])


def _strip_accents_ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ASCII", "ignore").decode("ASCII")


class Analyser:
    """scikit-learn's analyzer for the settings: the same terms in the same order."""

    def __init__(self, settings: AnalyserSettings) -> None:
        if settings.analyzer not in ("word", "char", "char_wb"):
            raise NotCompiled(f"unknown analyzer {settings.analyzer!r}")
        if settings.strip_accents not in (None, "ascii", "unicode"):
            raise NotCompiled(f"unknown strip_accents {settings.strip_accents!r}")
        self.settings = settings
        self.min_n, self.max_n = settings.ngram_range
        self._accents = {
            None: None,
            "ascii": _strip_accents_ascii,
            "unicode": _strip_accents_unicode,
        }[settings.strip_accents]
        self._tokens = (
            re.compile(settings.token_pattern).findall if settings.token_pattern else None
        )

    def preprocess(self, text: str) -> str:
        if self.settings.lowercase:
            text = text.lower()
        if self._accents is not None:
            text = self._accents(text)
        return text

    def terms(self, text: str) -> list[str]:
        """The terms of an already cleaned text, as the vectorizer's build_analyzer() gives."""
        text = self.preprocess(text)
        if self.settings.analyzer == "word":
            return self.word_ngrams(text)
        if self.settings.analyzer == "char":
            return self.char_ngrams(text)
        return [
            term for word in _WHITE_SPACES.sub(" ", text).split() for term in self.word_chars(word)
        ]

    def word_ngrams(self, text: str) -> list[str]:
        assert self._tokens is not None
        tokens: list[str] = self._tokens(text)
        stop_words = self.settings.stop_words
        if stop_words is not None:
            tokens = [token for token in tokens if token not in stop_words]
        min_n, max_n = self.min_n, self.max_n
        if max_n == 1:
            return tokens
        original = tokens
        if min_n == 1:
            tokens = list(original)
            min_n += 1
        else:
            tokens = []
        count = len(original)
        for n in range(min_n, min(max_n + 1, count + 1)):
            tokens.extend(" ".join(original[i : i + n]) for i in range(count - n + 1))
        return tokens

    def char_ngrams(self, text: str) -> list[str]:
        text = _WHITE_SPACES.sub(" ", text)
        length = len(text)
        min_n = self.min_n
        ngrams = list(text) if min_n == 1 else []
        if min_n == 1:
            min_n += 1
        for n in range(min_n, min(self.max_n + 1, length + 1)):
            ngrams.extend(text[i : i + n] for i in range(length - n + 1))
        return ngrams

    def word_chars(self, word: str) -> list[str]:
        """The char_wb n-grams of one word, padded with a space each side."""
        padded = f" {word} "
        length = len(padded)
        ngrams = []
        for n in range(self.min_n, self.max_n + 1):
            if length <= n:
                # A short word counts once, whole.
                ngrams.append(padded)
                break
            ngrams.extend(padded[i : i + n] for i in range(length - n + 1))
        return ngrams


class Lexicon:
    """Every loaded model's terms for one kind of analysis, each with one id."""

    def __init__(self, settings: AnalyserSettings) -> None:
        self.analyser = Analyser(settings)
        self.ids: dict[str, int] = {}
        self.terms: list[str] = []
        # word → ids of its known char_wb n-grams (only for char_wb).
        self._words: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def add(self, terms: Sequence[str]) -> np.ndarray:
        """The ids of the terms, new ones added."""
        with self._lock:
            ids, known = self.ids, self.terms
            result = np.empty(len(terms), dtype=np.int32)
            for position, term in enumerate(terms):
                index = ids.get(term)
                if index is None:
                    index = ids[term] = len(known)
                    known.append(term)
                result[position] = index
            # What a word's n-grams are known as may have changed.
            self._words = {}
        return result

    def term_ids(self, text: str) -> np.ndarray:
        """The ids of the known terms of a cleaned text, one per occurrence."""
        analyser = self.analyser
        if analyser.settings.analyzer != "char_wb":
            return self._lookup(analyser.terms(text))
        words = self._words
        if len(words) > REMEMBERED_WORDS:
            words.clear()
        parts = []
        for word in _WHITE_SPACES.sub(" ", analyser.preprocess(text)).split():
            ids = words.get(word)
            if ids is None:
                ids = words[word] = self._lookup(analyser.word_chars(word))
            parts.append(ids)
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)

    def _lookup(self, terms: list[str]) -> np.ndarray:
        ids = np.fromiter(map(self.ids.get, terms, repeat(-1)), dtype=np.int32, count=len(terms))
        return ids[ids >= 0]


_lexicons: dict[AnalyserSettings, Lexicon] = {}
_lexicons_lock = threading.Lock()


def lexicon(settings: AnalyserSettings) -> Lexicon:
    with _lexicons_lock:
        found = _lexicons.get(settings)
        if found is None:
            found = _lexicons[settings] = Lexicon(settings)
        return found


@dataclass
class Block:
    """One vectorizer's part of the features."""

    lexicon: Lexicon
    # Lexicon id of each of the block's columns.
    term_ids: np.ndarray
    idf: np.ndarray | None
    sublinear_tf: bool = True
    binary: bool = False
    norm: str | None = "l2"
    _columns: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))

    def columns(self, ids: np.ndarray) -> np.ndarray:
        """The block's column of each lexicon id (-1 for terms of other models)."""
        columns = self._columns
        if len(columns) != len(self.lexicon.terms):
            columns = np.full(len(self.lexicon.terms), -1, dtype=np.int32)
            columns[self.term_ids] = np.arange(len(self.term_ids), dtype=np.int32)
            self._columns = columns
        return columns[ids]

    def weigh(self, counts: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """TF-IDF values as TfidfVectorizer.transform computes them."""
        values = np.ones(len(counts)) if self.binary else counts.astype(np.float64)
        if self.sublinear_tf:
            values = 1.0 + np.log(values)
        if self.idf is not None:
            values = values * self.idf[columns]
        if self.norm == "l2":
            norm = np.sqrt(values @ values)
        elif self.norm == "l1":
            norm = np.abs(values).sum()
        else:
            return values
        values /= norm if norm > 0 else 1.0
        return values


@dataclass
class Calibration:
    """From scores to probabilities.

    `softmax`: a multinomial logistic regression over the scores (one column for two classes,
    for the second). `sigmoid` and `isotonic`: scikit-learn's CalibratedClassifierCV, one
    calibrator per class and member, each on its member's own scores, averaged over members."""

    kind: str
    weights: np.ndarray | None = None
    intercepts: np.ndarray | None = None
    # Per member: its score columns and its calibrators, one per class (or one for two classes),
    # as arrays: sigmoid (a, b); isotonic (x thresholds, y thresholds).
    members: list[tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]] = field(
        default_factory=list
    )

    def probabilities(self, scores: np.ndarray, classes: int) -> np.ndarray:
        if self.kind == "softmax":
            assert self.weights is not None
            assert self.intercepts is not None
            return logistic_probabilities(scores @ self.weights.T + self.intercepts)
        total = np.zeros((len(scores), classes))
        for columns, calibrators in self.members:
            total += self._member(scores[:, columns], calibrators, classes)
        return total / len(self.members)

    def _member(
        self,
        scores: np.ndarray,
        calibrators: list[tuple[np.ndarray, np.ndarray]],
        classes: int,
    ) -> np.ndarray:
        # As sklearn.calibration._CalibratedClassifier.predict_proba.
        proba = np.zeros((len(scores), classes))
        for position, (first, second) in enumerate(calibrators):
            column = scores[:, position]
            if self.kind == "sigmoid":
                value = 1.0 / (1.0 + np.exp(first[0] * column + second[0]))
            else:
                value = np.interp(np.clip(column, first[0], first[-1]), first, second)
            proba[:, 1 if classes == 2 else position] = value
        if classes == 2:
            proba[:, 0] = 1.0 - proba[:, 1]
        else:
            denominator = proba.sum(axis=1, keepdims=True)
            uniform = denominator[:, 0] == 0
            proba = np.divide(proba, denominator, out=np.full_like(proba, 1.0 / classes),
                              where=~uniform[:, None])  # fmt: skip
        proba[(proba > 1.0) & (proba <= 1.0 + 1e-5)] = 1.0
        return proba


def logistic_probabilities(logits: np.ndarray) -> np.ndarray:
    """Class probabilities from logits: the sigmoid of one column (two classes), else softmax."""
    if logits.shape[1] == 1:
        positive = 1.0 / (1.0 + np.exp(-logits[:, 0]))
        return np.column_stack([1.0 - positive, positive])
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


def strongest_terms(
    indices: np.ndarray, contributions: np.ndarray, term_of: Callable[[int], str], top: int
) -> list[tuple[str, float]]:
    """The `top` terms that pushed most, with their weight: ties broken by column (so the
    one-text and batch paths, compiled or not, explain alike), fragments of a term already
    listed and single letters skipped."""
    order = np.lexsort((indices, -contributions))[: top * 4]
    chosen: list[tuple[str, float]] = []
    for position in order:
        if contributions[position] <= 0:
            break
        term = term_of(int(indices[position])).strip()
        if len(term) < 2 and not _CJK_CHAR.match(term):
            continue
        if any(term in kept or kept in term for kept, _weight in chosen):
            continue
        chosen.append((term, round(float(contributions[position]), 3)))
        if len(chosen) == top:
            break
    return chosen


@dataclass
class CompiledModel:
    """A field's model as arrays: the same labels and probabilities as the trained one."""

    classes: np.ndarray
    blocks: list[Block]
    # Linear scores: one row per feature (the blocks' columns one after the other).
    weights: np.ndarray
    intercepts: np.ndarray
    calibration: Calibration
    log_bias: np.ndarray
    threshold: float
    decide_by_scores: bool = False
    # Features × calibrated log-odds per class, for explanations (see compilation.py).
    explanation_weights: np.ndarray | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def lexicons(self) -> list[Lexicon]:
        return [block.lexicon for block in self.blocks]

    def vector(self, counted: Mapping[int, tuple[np.ndarray, np.ndarray]]) -> tuple[
        np.ndarray, np.ndarray
    ]:  # fmt: skip
        """Column indices and TF-IDF values of a text, from its terms counted per lexicon
        (keyed by id(lexicon)): each block L2-normalised on its own, as a union of
        vectorizers does."""
        all_indices, all_values = [], []
        offset = 0
        for block in self.blocks:
            ids, counts = counted[id(block.lexicon)]
            columns = block.columns(ids)
            known = columns >= 0
            if known.any():
                columns = columns[known]
                all_indices.append(columns.astype(np.int64) + offset)
                all_values.append(block.weigh(counts[known], columns))
            offset += len(block.term_ids)
        if not all_indices:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(all_indices), np.concatenate(all_values)

    def scores_of(self, indices: np.ndarray, values: np.ndarray) -> np.ndarray:
        return values @ self.weights[indices] + self.intercepts

    def calibrated(self, scores: np.ndarray) -> np.ndarray:
        return self.calibration.probabilities(scores, len(self.classes))

    def decide(self, probabilities: np.ndarray, scores: np.ndarray) -> tuple[
        np.ndarray, np.ndarray
    ]:  # fmt: skip
        """The chosen class index and its confidence for each row."""
        if self.decide_by_scores:
            chosen = (scores[:, 0] > 0).astype(int) if scores.shape[1] == 1 else scores.argmax(1)
        else:
            chosen = (np.log(probabilities + 1e-12) + self.log_bias).argmax(axis=1)
        return chosen, probabilities[np.arange(len(chosen)), chosen]

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        return self.calibrated(self._scores(texts))

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        if not texts:
            return []
        scores = self._scores(texts)
        chosen, confidence = self.decide(self.calibrated(scores), scores)
        return [
            Prediction(str(self.classes[index]), round(float(value), 4))
            for index, value in zip(chosen, confidence, strict=True)
        ]

    def _scores(self, texts: Sequence[str]) -> np.ndarray:
        rows = [self.scores_of(*self.vector(count_terms(text, self.lexicons))) for text in texts]
        return np.vstack(rows) if rows else np.zeros((0, len(self.intercepts)))

    def explain(
        self, indices: np.ndarray, values: np.ndarray, class_index: int, top: int = 5
    ) -> list[tuple[str, float]]:
        """The terms of a text's vector that pushed most towards the class."""
        if len(indices) == 0 or self.explanation_weights is None:
            return []
        combined = self.explanation_weights
        if combined.shape[1] == 1:
            # Two classes: one log-odds, for the second class.
            sign = 1.0 if class_index == 1 else -1.0
            contributions = values * (combined[indices, 0] * sign)
        else:
            contributions = values * combined[indices, class_index]
        # Ties broken by column, as the trained model's explanations are. Only the candidates
        # at or above the top few's smallest contribution are sorted (ties kept, so the order
        # is the full sort's).
        wanted = top * 4
        if len(contributions) > 4 * wanted:
            floor = np.partition(contributions, len(contributions) - wanted)[-wanted]
            candidates = np.flatnonzero(contributions >= floor)
            indices, contributions = indices[candidates], contributions[candidates]
        return strongest_terms(indices, contributions, self.term, top)

    def term(self, column: int) -> str:
        terms = self.__dict__.get("_terms")
        if terms is None:
            # Built on first use: the lexicons' own strings, one reference per column.
            terms = self.__dict__["_terms"] = [
                block.lexicon.terms[index]
                for block in self.blocks
                for index in block.term_ids.tolist()
            ]
        return str(terms[column])


def count_terms(
    text: str, lexicons: Sequence[Lexicon], *, cleaned: bool = False
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """A text's known terms and their counts, for each lexicon (keyed by its id)."""
    if not cleaned:
        text = for_features(plain(text))
    counted = {}
    for known in lexicons:
        if id(known) not in counted:
            counted[id(known)] = np.unique(known.term_ids(text), return_counts=True)
    return counted


def answers(models: Mapping[str, CompiledModel], text: str, top: int = 5) -> dict[str, Answer]:
    """Each field's answer for one text, analysed and looked up once for all the models."""
    cleaned = for_features(plain(text))
    counted = count_terms(cleaned, [x for m in models.values() for x in m.lexicons], cleaned=True)
    found = {}
    for name, model in models.items():
        indices, values = model.vector(counted)
        scores = model.scores_of(indices, values)[None, :]
        chosen, confidence = model.decide(model.calibrated(scores), scores)
        index = int(chosen[0])
        found[name] = (
            str(model.classes[index]),
            float(confidence[0]),
            model.explain(indices, values, index, top),
        )
    return found


def answers_many(
    models: Mapping[str, CompiledModel], texts: Sequence[str], top: int = 5
) -> list[dict[str, Answer]]:
    """answers() for many texts, the calibration and choice made for all of them at once."""
    lexicons = [known for model in models.values() for known in model.lexicons]
    counted = [count_terms(text, lexicons) for text in texts]
    found: list[dict[str, Answer]] = [{} for _text in texts]
    for name, model in models.items():
        vectors = [model.vector(counts) for counts in counted]
        if not vectors:
            continue
        scores = np.vstack([model.scores_of(*vector) for vector in vectors])
        chosen, confidence = model.decide(model.calibrated(scores), scores)
        for row, (indices, values) in enumerate(vectors):
            index = int(chosen[row])
            found[row][name] = (
                str(model.classes[index]),
                float(confidence[row]),
                model.explain(indices, values, index, top),
            )
    return found


def load(directory: Path) -> CompiledModel:
    """The compiled model in a model version's directory."""
    path = Path(directory) / COMPILED_FILE
    if not path.is_file():
        raise NotCompiled(f"no {COMPILED_FILE} in {directory}")
    with np.load(path, allow_pickle=False) as stored:
        header = json.loads(bytes(stored["header"]).decode("utf-8"))
        if header.get("format") != FORMAT:
            raise NotCompiled(f"{path} is of another compiled format")
        return from_arrays(header, {name: stored[name] for name in stored.files})


def from_arrays(header: Mapping[str, Any], arrays: Mapping[str, np.ndarray]) -> CompiledModel:
    """The model from compilation.py's header and arrays."""
    blocks = []
    for number, spec in enumerate(header["blocks"]):
        text = bytes(arrays[f"block{number}_terms"]).decode("utf-8")
        ends = arrays[f"block{number}_ends"].tolist()
        terms = [text[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]
        known = lexicon(AnalyserSettings.from_json(spec["analyser"]))
        blocks.append(
            Block(
                known,
                known.add(terms),
                arrays[f"block{number}_idf"] if spec["use_idf"] else None,
                sublinear_tf=spec["sublinear_tf"],
                binary=spec["binary"],
                norm=spec["norm"],
            )
        )
    calibration = Calibration(header["calibration"]["kind"])
    if calibration.kind == "softmax":
        calibration.weights = arrays["calibration_weights"]
        calibration.intercepts = arrays["calibration_intercepts"]
    elif calibration.kind in ("sigmoid", "isotonic"):
        for member, calibrators in enumerate(header["calibration"]["members"]):
            calibration.members.append((
                arrays[f"member{member}_columns"],
                [(arrays[f"member{member}_first{k}"], arrays[f"member{member}_second{k}"])
                 for k in range(calibrators)],
            ))  # fmt: skip
    else:
        raise NotCompiled(f"unknown calibration {calibration.kind!r}")
    return CompiledModel(
        classes=np.array(header["classes"], dtype=object),
        blocks=blocks,
        weights=arrays["weights"],
        intercepts=arrays["intercepts"],
        calibration=calibration,
        log_bias=arrays["log_bias"],
        threshold=float(header["threshold"]),
        decide_by_scores=bool(header["decide_by_scores"]),
        explanation_weights=arrays.get("explanation_weights"),
        metadata=dict(header.get("metadata", {})),
    )
