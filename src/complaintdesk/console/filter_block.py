"""The queue's filter fields as HTML, written once and reused while nothing they show changes.

The filters list every owner, category and department (about 700 options on an organisation of
459 staff) and render a field template per filter: that was most of the queue page's time,
although the same agent sees the same form on every visit. The rendered fields are kept, per
web server process, under a digest of everything they show: the language, each field's value
and every choice with its label. So a renamed member of staff, a new category or another
language gives another digest and a fresh rendering; nothing has to be told to forget."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable
from threading import Lock
from typing import Any, cast

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# About 60 kB each (most of it the owner and category lists).
KEPT = 64

_kept: OrderedDict[str, str] = OrderedDict()
_lock = Lock()


def _digest(filters: forms.Form) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{get_language()}\x1d".encode())
    for bound in filters:
        digest.update(f"{bound.name}\x1f{bound.value()!r}\x1d".encode())
        if isinstance(bound.field, forms.ChoiceField):
            for value, label in cast(Iterable[tuple[Any, Any]], bound.field.choices):
                digest.update(f"{value}\x1f{label}\x1e".encode())
    return digest.hexdigest()


def _render(filters: forms.Form) -> str:
    return render_to_string("console/_queue_filter_fields.html", {"filters": filters})


def filter_fields(filters: forms.Form) -> SafeString:
    """The filter form's fields (labels, inputs, help), as the queue page shows them."""
    if filters.errors:
        # Shown with their messages, and rare: not kept.
        return mark_safe(_render(filters))  # noqa: S308 (a rendered template)
    key = _digest(filters)
    with _lock:
        html = _kept.get(key)
        if html is not None:
            _kept.move_to_end(key)
    if html is None:
        html = _render(filters)
        with _lock:
            _kept[key] = html
            while len(_kept) > KEPT:
                _kept.popitem(last=False)
    return mark_safe(html)  # noqa: S308 (a rendered template)
