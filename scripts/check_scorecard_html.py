"""Render a scorecard.html in headless Chromium and check what a reader would see.

    python scripts/check_scorecard_html.py runs/NAME/scorecard.html [--chromium PATH]

Chromium loads the file with networking features off and dumps the rendered DOM. The check
passes (exit 0) when the DOM holds the field table with its rows and at least one article
with highlighted evidence (<mark> elements); it prints what is missing otherwise (exit 1).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

DEFAULT_CHROMIUM = "/usr/bin/chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
REQUIRED_FIELDS = ("is_study_visit", "origin", "destinations", "itinerary", "topics")


def dump_dom(html_path: Path, chromium: str = DEFAULT_CHROMIUM, timeout: float = 60) -> str:
    """The DOM as Chromium renders it from `file://…` (no network needed)."""
    with tempfile.TemporaryDirectory(prefix="kaocha-chromium-") as profile:
        command = [chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom"]
        command.append(html_path.resolve().as_uri())
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"chromium exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return done.stdout


class _DomSummary(HTMLParser):
    """Field-table rows and the <mark> classes inside each <article>."""

    def __init__(self) -> None:
        super().__init__()
        self.field_names: list[str] = []
        self.marks: dict[str, list[str]] = {}
        self._in_fields = self._in_first_cell = False
        self._row_cells = 0
        self._article: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and found.get("id") == "fields":
            self._in_fields = True
        elif self._in_fields and tag == "tr":
            self._row_cells = 0
        elif self._in_fields and tag == "td":
            self._row_cells += 1
            self._in_first_cell = self._row_cells == 1
        elif tag == "article":
            self._article = found.get("id") or "?"
            self.marks.setdefault(self._article, [])
        elif tag == "mark" and self._article is not None:
            self.marks[self._article].append(found.get("class") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_fields = False
        elif tag == "td":
            self._in_first_cell = False
        elif tag == "article":
            self._article = None

    def handle_data(self, data: str) -> None:
        if self._in_fields and self._in_first_cell and data.strip():
            self.field_names.append(data.strip())


def problems(dom: str) -> list[str]:
    """What the rendered page lacks (empty when it is fine)."""
    summary = _DomSummary()
    summary.feed(dom)
    out = [
        f"field table has no row {name!r}"
        for name in REQUIRED_FIELDS
        if name not in summary.field_names
    ]
    if not summary.marks:
        out.append("no <article> rendered")
    elif not any(summary.marks.values()):
        out.append("no article has highlighted evidence (<mark>)")
    bad = {c for marks in summary.marks.values() for c in marks} - {"gold", "pred", "both"}
    if bad:
        out.append(f"unexpected <mark> classes: {sorted(bad)}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check a scorecard.html in headless Chromium.")
    parser.add_argument("html", type=Path)
    parser.add_argument("--chromium", default=DEFAULT_CHROMIUM)
    args = parser.parse_args(argv)
    found = problems(dump_dom(args.html, args.chromium))
    for problem in found:
        print(f"FAIL {problem}")
    if not found:
        print(f"ok: {args.html} renders the field table and highlighted evidence")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
