"""A select written in one pass of Python, for the console's long lists (owners, categories,
departments).

Django's Select renders a template per option; with an organisation of 459 staff and 200
categories that was most of the queue page's time, and much of the complaint page's. The
markup is Django's own (the same attributes, the same selected option), only produced without
the template engine."""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms
from django.utils.safestring import SafeData, SafeString, mark_safe


def _text(value: Any) -> str:
    # As the template engine's autoescape: what is already safe is written as it is.
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _attributes(attrs: dict[str, Any]) -> str:
    # As django/forms/widgets/attrs.html: False leaves the attribute out, True writes it bare.
    return "".join(
        f" {name}" if value is True else f' {name}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


class LongSelect(forms.Select):
    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        chosen = self.format_value(value)
        out = [f'<select name="{_text(name)}"{_attributes(self.build_attrs(self.attrs, attrs))}>']
        # Only the first option with the value is selected, as in ChoiceWidget.optgroups.
        selected = False
        for group_value, group_label in self.choices:
            grouped = isinstance(group_label, list | tuple)
            if grouped:
                out.append(f'<optgroup label="{_text(group_value)}">')
            for option_value, label in group_label if grouped else ((group_value, group_label),):
                text = "" if option_value is None else str(option_value)
                if not selected and text in chosen:
                    selected = True
                    out.append(f'<option value="{escape(text)}" selected>{_text(label)}</option>')
                else:
                    out.append(f'<option value="{escape(text)}">{_text(label)}</option>')
            if grouped:
                out.append("</optgroup>")
        out.append("</select>")
        return mark_safe("".join(out))  # noqa: S308 (every value and label escaped above)


def long_select(field: forms.Field) -> None:
    """Give a field that has Django's plain Select the one-pass rendering (same markup)."""
    widget = field.widget
    if type(widget) is forms.Select:
        field.widget = LongSelect(attrs=widget.attrs, choices=widget.choices)
        field.widget.is_required = widget.is_required
