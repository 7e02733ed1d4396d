from __future__ import annotations

from pathlib import Path

from complaintdesk.complaints.lifecycle import mermaid_diagram

ROOT = Path(__file__).resolve().parents[2]


def test_the_lifecycle_diagram_in_the_architecture_doc_is_drawn_from_the_table():
    doc = (ROOT / "docs" / "architecture.md").read_text()
    assert mermaid_diagram() in doc, (
        "docs/architecture.md is out of date; paste the output of\n"
        '  .venv/bin/python -c \'import django,os;os.environ.setdefault("DJANGO_SETTINGS_MODULE",'
        '"complaintdesk.settings");django.setup();'
        "from complaintdesk.complaints.lifecycle import mermaid_diagram;print(mermaid_diagram())'"
    )


def test_the_readme_opens_with_the_quick_start():
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1]
    commands = [line.strip() for line in quick_start.splitlines() if line.startswith("make ")]
    assert commands[:2] == ["make run", "make test"]
