"""Which language a complaint is written in, found offline with lingua's bundled models."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# The languages the product ships rules and translations for.
SUPPORTED = ("en", "es", "fr", "zh")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


@cache
def _detector() -> tuple[Any, dict[Any, str]]:
    from lingua import Language, LanguageDetectorBuilder

    codes = {
        Language.ENGLISH: "en",
        Language.SPANISH: "es",
        Language.FRENCH: "fr",
        Language.CHINESE: "zh",
    }
    detector = LanguageDetectorBuilder.from_languages(*codes).with_preloaded_language_models()
    return detector.build(), codes


def detect_language(text: str) -> tuple[str, float]:
    """The language code and the detector's confidence; ("", 0.0) when the text has no words
    to go by (empty, emoji only, numbers)."""
    return detect_languages([text])[0]


def detect_languages(texts: list[str]) -> list[tuple[str, float]]:
    """detect_language for many texts, the detector using every core."""
    results: list[tuple[str, float]] = [("", 0.0)] * len(texts)
    pending: list[tuple[int, str, int]] = []
    for position, text in enumerate(texts):
        sample = text[:1000]
        letters = len(_LETTERS.findall(sample))
        if letters == 0:
            continue
        # A text that is mostly Chinese characters is Chinese, whatever Latin words it quotes.
        if len(_CJK.findall(sample)) * 2 >= letters:
            results[position] = ("zh", 0.99)
        else:
            pending.append((position, sample, letters))
    if not pending:
        return results
    detector, codes = _detector()
    samples = [sample for _position, sample, _letters in pending]
    if len(samples) == 1:
        answers = [detector.compute_language_confidence_values(samples[0])]
    else:
        answers = detector.compute_language_confidence_values_in_parallel(samples)
    for (position, _sample, letters), values in zip(pending, answers, strict=True):
        if not values:
            continue
        best = values[0]
        # Very short texts are guesses; say so through the confidence.
        confidence = float(best.value) * min(1.0, 0.5 + letters / 40)
        results[position] = (codes.get(best.language, ""), round(confidence, 3))
    return results
