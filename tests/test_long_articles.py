"""Long articles: at most `max_parts` parts are asked about, and the record says what was
left out; the CLI's --max-parts reaches the extractor."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from extract.cli import main
from extract.llm.config import Mode, adhoc_model
from extract.pipeline.chunking import keep_parts, split_paragraphs
from extract.pipeline.extractor import PROMPT_OVERHEAD_TOKENS
from extract.text.clean import CleanedArticle
from tests.fakes.scripted import ScriptedModel, good_draft, run

TEXT = "\n".join(f"第{i}段。" + "内容很长。" * 20 for i in range(30))


def test_parts_know_where_they_are_in_the_text() -> None:
    parts = split_paragraphs(TEXT, 400)
    assert len(parts) > 4
    for part in parts:
        assert TEXT[part.start : part.end] == part.text
    assert parts[-1].end == len(TEXT.rstrip())


def test_a_sentence_cut_paragraph_keeps_its_offsets() -> None:
    text = "前言。\n" + "很长的一句话。" * 50 + "\n结尾。"
    parts = split_paragraphs(text, 100, overlap=0)
    for part in parts:
        assert text[part.start : part.end] == part.text


def test_keep_parts_keeps_the_first_and_says_what_is_left_out() -> None:
    parts = split_paragraphs(TEXT, 400)
    kept, note = keep_parts(parts, 4)
    assert kept == parts[:4]
    assert note == (
        f"kept 4 of {len(parts)} parts; characters {parts[3].end}–{parts[-1].end} left out"
    )


def test_keep_parts_within_the_limit_leaves_nothing_out() -> None:
    parts = split_paragraphs(TEXT, 400)
    assert keep_parts(parts, len(parts)) == (parts, None)


def _small_context() -> object:
    return dataclasses.replace(
        adhoc_model("scripted", "http://model.test/v1", mode=Mode.TOOLS),
        context=5200,
        max_tokens=1000,
    )


def test_parts_over_max_parts_are_not_asked_and_the_record_is_flagged(
    article: CleanedArticle, tmp_path: Path
) -> None:
    parts = split_paragraphs(article.text, 5200 - 1000 - PROMPT_OVERHEAD_TOKENS)
    assert len(parts) == 2
    model = ScriptedModel([good_draft()], tools=True)
    rec = run(article, model, tmp_path, prompt="visit-v1", config=_small_context(), max_parts=1)
    assert rec.ok and len(model.requests) == 1
    (flag,) = [f for f in rec.flags if f.get("kind") == "truncated"]
    assert flag["detail"] == (
        f"kept 1 of 2 parts; characters {parts[0].end}–{parts[1].end} left out"
    )


def test_run_passes_max_parts_to_the_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extract.cli import runs

    seen = {}

    async def fake_run_batch(options, plan, observer=None):
        seen["max_parts"] = options.max_parts
        raise SystemExit(0)

    monkeypatch.setattr(runs, "run_batch", fake_run_batch)
    args = ["run", str(tmp_path), "--out", str(tmp_path / "r.jsonl"), "--max-parts", "2"]
    with pytest.raises(SystemExit):
        main(args)
    assert seen == {"max_parts": 2}
