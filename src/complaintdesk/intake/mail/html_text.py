"""HTML-only mail reduced to plain text. Nothing is fetched: remote images become their
alternative text, links keep their address so an agent can see where they point."""

from __future__ import annotations

from html.parser import HTMLParser

import nh3

# Tags kept through sanitising because they shape the text; everything else is dropped and
# script, style and the head disappear with their content.
SHAPING_TAGS = {
    "a", "b", "blockquote", "br", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "li", "ol", "p", "pre", "strong", "table", "td", "th", "tr", "u", "ul",
}  # fmt: skip
DROPPED_WITH_CONTENT = {"script", "style", "head", "title", "noscript", "template", "object"}
BLOCKS = {
    "blockquote", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ol", "p", "pre", "table",
    "tr", "ul",
}  # fmt: skip


PARAGRAPHS = {"blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "p", "pre", "table", "ul"}


class _TextWriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.pre = 0
        self.href: list[str] = []

    def _break(self, *, paragraph: bool = False) -> None:
        text = "".join(self.line)
        text = text.rstrip() if self.pre else " ".join(text.split())
        if text:
            self.lines.append(text)
        if paragraph:
            self.lines.append("")
        self.line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in BLOCKS or tag in {"br", "hr"}:
            self._break(paragraph=tag in PARAGRAPHS)
        if tag == "pre":
            self.pre += 1
        elif tag == "li":
            self.line.append("- ")
        elif tag in {"td", "th"}:
            self.line.append(" ")
        elif tag == "img" and values.get("alt", "").strip():
            self.line.append(f"[{values['alt'].strip()}]")
        elif tag == "a":
            self.href.append(values.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href:
            href = self.href.pop()
            if href.startswith(("http://", "https://")) and href not in "".join(self.line):
                self.line.append(f" <{href}>")
        if tag in BLOCKS:
            self._break(paragraph=tag in PARAGRAPHS)
        if tag == "pre" and self.pre:
            self.pre -= 1

    def handle_data(self, data: str) -> None:
        self.line.append(data)

    def text(self) -> str:
        self._break()
        kept: list[str] = []
        for line in self.lines:
            if line or (kept and kept[-1]):
                kept.append(line)
        return "\n".join(kept).strip()


def html_to_text(html: str) -> str:
    clean = nh3.clean(
        html,
        tags=SHAPING_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href"}, "img": {"alt"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )
    writer = _TextWriter()
    writer.feed(clean)
    writer.close()
    return writer.text()
