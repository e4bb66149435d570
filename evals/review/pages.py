"""The review pages, rendered on the server with Jinja2: the queue and the article page."""

from __future__ import annotations

import functools
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape

from evals.review.doubt import Doubt, doubt_of, order
from evals.review.form import HEAD, LISTS, Item, RegionView, all_spans, segments, visit_forms
from evals.review.session import ReviewSession


@functools.cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("evals.review", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def static(name: str) -> str:
    """A file of the package's static folder (the page's CSS and script)."""
    return resources.files("evals.review").joinpath("static", name).read_text(encoding="utf-8")


def queue(session: ReviewSession) -> list[Doubt]:
    """Every article of the session, most doubtful first (unreviewed before reviewed)."""
    doubts = []
    for article_id in session.ids:
        others = [run[article_id] for run in session.runs[1:] if article_id in run]
        reviewed = session.gold_path(article_id).exists()
        doubts.append(doubt_of(session.runs[0][article_id], others, reviewed))
    return order(doubts)


def queue_page(session: ReviewSession) -> str:
    return (
        environment()
        .get_template("queue.html.j2")
        .render(
            queue=queue(session),
            results=session.results[0].name,
            gold=str(session.gold_dir),
            css=static("review.css"),
        )
    )


def _neighbours(ids: list[str], article_id: str) -> tuple[str | None, str | None]:
    at = ids.index(article_id) if article_id in ids else -1
    before = ids[at - 1] if at > 0 else None
    after = ids[at + 1] if 0 <= at < len(ids) - 1 else None
    return before, after


def article_page(session: ReviewSession, article_id: str) -> str:
    article = session.article(article_id)
    ordered = queue(session)
    doubt = next((d for d in ordered if d.article_id == article_id), None)
    previous, following = _neighbours([d.article_id for d in ordered], article_id)
    text = article.source.text
    forms = visit_forms(article.start, text)
    return (
        environment()
        .get_template("article.html.j2")
        .render(
            article=article,
            doubt=doubt,
            previous=previous,
            following=following,
            forms=forms,
            segments=segments(text, all_spans(forms)),
            lists=LISTS,
            head=HEAD,
            blank=Item("new", {}, "{}", "", None, None),
            blank_region=RegionView("new", "{}", "", "type a place, then Enter"),
            css=static("review.css"),
            script=static("review.js"),
        )
    )
