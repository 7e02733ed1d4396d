"""The rule layer: administrators' keywords and patterns, compiled once, matched fast, and
each hit able to say which rule fired on which words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext

_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_WORD = re.compile(r"\w+")
# Rules read the start of a text: what a complaint is about is said there, and the cost of
# matching stays bounded whatever the length.
RULE_CHARS = 20_000


def fold(text: str) -> str:
    """Lower case without accents, so "Reembolso", "reembolso" and "reémbolso" are one word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class CompiledRule:
    name: str
    field: str
    language: str
    value: str
    confidence: float
    order: int
    # Keywords as tuples of folded words; Chinese keywords as folded substrings; or a pattern.
    # Longest first, so an explanation quotes the most specific phrase.
    words: tuple[tuple[str, ...], ...] = ()
    substrings: tuple[str, ...] = ()
    regex: re.Pattern[str] | None = None


@dataclass(frozen=True)
class RuleHit:
    rule: CompiledRule
    matched: str

    @property
    def explanation(self) -> str:
        return gettext('rule "%(rule)s" matched "%(words)s"') % {
            "rule": self.rule.name,
            "words": self.matched,
        }


class Scan:
    """A text prepared once for every rule: its folded words, as n-grams up to the longest
    keyword."""

    def __init__(self, text: str, longest: int = 6) -> None:
        self.text = text[:RULE_CHARS]
        self.folded = fold(self.text)
        tokens = _WORD.findall(self.folded)
        self.ngrams: set[tuple[str, ...]] = set()
        for size in range(1, longest + 1):
            self.ngrams.update(zip(*(tokens[i:] for i in range(size)), strict=False))

    def find(self, rule: CompiledRule) -> str | None:
        for words in rule.words:
            if words in self.ngrams:
                return " ".join(words)
        for substring in rule.substrings:
            if substring in self.folded:
                return substring
        if rule.regex is not None:
            found = rule.regex.search(self.text)
            if found is not None:
                return found.group(0)[:80]
        return None


def compile_rule(
    *,
    name: str,
    field: str,
    language: str,
    match: str,
    expression: str,
    value: str,
    confidence: float = 0.9,
    order: int = 100,
) -> CompiledRule | None:
    """The rule ready to match, or None when it has nothing to match (or a pattern that no
    longer compiles: admin validation refuses those, but a rule must never break triage)."""
    if match == "pattern":
        if not expression.strip():
            return None
        try:
            regex = re.compile(expression, re.IGNORECASE)
        except re.error:
            return None
        return CompiledRule(name, field, language, value, confidence, order, regex=regex)
    words: set[tuple[str, ...]] = set()
    substrings: list[str] = []
    for line in expression.splitlines():
        keyword = fold(line.strip())
        if not keyword:
            continue
        if _CJK.search(keyword):
            substrings.append(keyword)
        else:
            tokens = tuple(_WORD.findall(keyword))
            if tokens:
                words.add(tokens[:6])
    if not words and not substrings:
        return None
    return CompiledRule(
        name,
        field,
        language,
        value,
        confidence,
        order,
        words=tuple(sorted(words, key=lambda w: (-len(w), w))),
        substrings=tuple(substrings),
    )


def matching(rules: Sequence[CompiledRule], text: str, languages: set[str]) -> list[RuleHit]:
    """Every rule of the given languages (and of any language) that fires, in rule order."""
    scan = Scan(text)
    hits = []
    for rule in rules:
        if rule.language and rule.language not in languages:
            continue
        found = scan.find(rule)
        if found is not None:
            hits.append(RuleHit(rule, found))
    return hits


# Amounts: a currency sign or word before or after a number written the English or the
# European way, or with Chinese units.
_CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "dólares": "USD",
    "dolares": "USD",
    "dollars américains": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "quid": "GBP",
    "¥": "CNY",
    "￥": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "元": "CNY",
    "块": "CNY",
    "块钱": "CNY",
    "人民币": "CNY",
    "mxn": "MXN",
    "pesos": "MXN",
    "chf": "CHF",
}
_NUMBER = r"(\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
_SIGNS = "|".join(re.escape(sign) for sign in sorted(_CURRENCIES, key=len, reverse=True))
_AMOUNT_BEFORE = re.compile(rf"(?<![\w])({_SIGNS})\s?{_NUMBER}(?:\s?(k|万))?", re.IGNORECASE)
_AMOUNT_AFTER = re.compile(rf"{_NUMBER}\s?(k|万)?\s?({_SIGNS})(?![^\W\d_])", re.IGNORECASE)


def _number(raw: str) -> Decimal | None:
    text = raw.replace("\u00a0", " ").replace("\u202f", " ").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):
        text = re.sub(r"[.,]", "", text)
    elif "," in text and "." in text:
        # Whichever comes last is the decimal mark.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def claimed_amounts(text: str) -> list[tuple[Decimal, str]]:
    """Every amount with a currency the text states, largest first."""
    found: list[tuple[str, str | None, str]] = []
    for match in _AMOUNT_BEFORE.finditer(text[:20_000]):
        sign, raw, unit = match.groups()
        found.append((raw, unit, sign))
    for match in _AMOUNT_AFTER.finditer(text[:20_000]):
        raw, unit, sign = match.groups()
        found.append((raw, unit, sign))
    amounts = []
    for raw, unit, sign in found:
        value = _number(raw)
        if value is None:
            continue
        if unit and unit.lower() == "k":
            value *= 1000
        elif unit == "万":
            value *= 10_000
        amounts.append((value, _CURRENCIES[sign.lower()]))
    return sorted(amounts, key=lambda pair: pair[0], reverse=True)
