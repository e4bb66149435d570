"""The extraction pipeline against a scripted endpoint: validation, re-asks, transport
retries, failures recorded with their cause, grounding, resolution, and the call log."""

from __future__ import annotations

import dataclasses
import json
import sqlite3

from extract.llm.config import Mode, adhoc_model
from extract.pipeline.chunking import split_paragraphs
from extract.pipeline.extractor import PROMPT_OVERHEAD_TOKENS
from extract.text.clean import clean
from schemas.draft import squash
from tests.fakes.scripted import HttpError, ScriptedModel, good_draft, run


def test_valid_answer_is_resolved_grounded_and_dated(article, tmp_path):
    rec = run(article, ScriptedModel([good_draft()], tools=True), tmp_path, prompt="visit-v1")
    assert rec.status == "ok" and rec.extraction is not None
    visit = rec.extraction.visits[0]
    assert (visit.origin.name, visit.origin.adcode) == ("海安市", "320685")
    assert [d.adcode for d in visit.destinations] == ["330421", "320509"]
    assert visit.start_date.iso() == "2024-03-06" and visit.end_date.iso() == "2024-03-07"
    assert visit.start_date.inferred == ("year",)
    for ev in rec.extraction.evidences():
        assert ev.found, ev.quote
        assert squash(article.text[ev.start : ev.end]) == squash(ev.quote)
        assert ev.raw_start is not None and ev.raw_end > ev.raw_start
    assert visit.itinerary[0].destination == "嘉善县"


def test_validator_message_goes_back_to_the_model(article, tmp_path):
    bad = good_draft(evidence="这句话不在文章里面")
    model = ScriptedModel([bad, good_draft()], tools=True)
    rec = run(article, model, tmp_path, prompt="visit-v1")
    assert rec.status == "ok"
    assert rec.usage.calls == 2 and rec.usage.reasks == 1
    reask = json.dumps(model.requests[1]["messages"], ensure_ascii=False)
    assert "这句话不在文章里面" in reask and "不在文章中" in reask


def test_spam_phrase_in_a_name_is_sent_back(article, tmp_path):
    spammed = good_draft(delegation_name="海安市网易体育直播党政代表团")
    model = ScriptedModel([spammed, good_draft()], tools=True)
    rec = run(article, model, tmp_path, prompt="visit-v1")
    assert rec.ok and rec.extraction.visits[0].delegation_name == "海安市党政代表团"
    assert "垃圾词" in json.dumps(model.requests[1]["messages"], ensure_ascii=False)


def test_model_that_never_validates_is_recorded_failed_with_last_output(article, tmp_path):
    first, last = good_draft(evidence="编造的引文一"), good_draft(evidence="编造的引文二")
    rec = run(
        article, ScriptedModel([first, last], tools=True), tmp_path, prompt="visit-v1", max_reasks=1
    )
    assert rec.status == "failed" and rec.extraction is None
    assert rec.failure.kind == "model" and "validation failed" in rec.failure.message
    assert "编造的引文二" in rec.failure.last_output
    assert rec.usage.calls == 2  # both attempts paid for


def test_429_then_success_is_retried_by_the_transport(article, tmp_path):
    model = ScriptedModel([HttpError(429, {"Retry-After": "0"}), good_draft()], tools=True)
    rec = run(article, model, tmp_path, prompt="visit-v1")
    assert rec.ok
    assert rec.usage.calls == 1 and rec.usage.transport_retries == 1 and rec.usage.reasks == 0
    assert len(model.requests) == 2


def test_endpoint_that_keeps_failing_is_recorded_with_its_cause(article, tmp_path):
    model = ScriptedModel([HttpError(503)] * 3, tools=True)
    rec = run(article, model, tmp_path, prompt="visit-v1")
    assert rec.status == "failed" and "model call failed" in rec.failure.message
    assert "503" in rec.failure.message or "InternalServerError" in rec.failure.message
    assert len(model.requests) == 3


def test_api_key_is_used_but_never_logged(article, tmp_path, monkeypatch):
    secret = "sk-test-5ecret-never-in-logs"
    monkeypatch.setenv("KAOCHA_TEST_KEY", secret)
    config = adhoc_model("scripted", "http://model.test/v1", "KAOCHA_TEST_KEY", mode=Mode.TOOLS)
    seen: list[str] = []
    model = ScriptedModel([good_draft()], tools=True)
    handle = model._handle
    model._handle = lambda request: (
        seen.append(request.headers.get("authorization", "")),
        handle(request),
    )[1]  # type: ignore[method-assign]
    rec = run(article, model, tmp_path, prompt="visit-v1", config=config)
    assert rec.ok and seen == [f"Bearer {secret}"]
    db = tmp_path / "calls.sqlite"
    assert secret.encode() not in db.read_bytes()
    rows = (
        sqlite3.connect(db).execute("SELECT request, response, prompt_tokens FROM calls").fetchall()
    )
    assert len(rows) == 1 and rows[0][2] == 100 and secret not in rows[0][0]


def test_every_attempt_is_logged_with_its_attempt_number(article, tmp_path):
    model = ScriptedModel(
        [HttpError(500), good_draft(evidence="不存在的证据"), good_draft()], tools=True
    )
    rec = run(article, model, tmp_path, prompt="visit-v1")
    assert rec.ok
    rows = (
        sqlite3.connect(tmp_path / "calls.sqlite")
        .execute("SELECT attempt, transport_attempt, status, prompt_id FROM calls ORDER BY id")
        .fetchall()
    )
    assert rows == [(1, 1, 500, "visit-v1"), (1, 2, 200, "visit-v1"), (2, 1, 200, "visit-v1")]


def test_article_too_long_without_splitting_is_refused(article, tmp_path):
    config = dataclasses.replace(
        adhoc_model("scripted", "http://model.test/v1", mode=Mode.TOOLS),
        context=3000,
        max_tokens=1000,
    )
    rec = run(
        article,
        ScriptedModel([], tools=True),
        tmp_path,
        prompt="visit-v1",
        config=config,
        split=False,
    )
    assert (
        rec.status == "failed"
        and "fit" in rec.failure.message
        and "--no-split" in rec.failure.message
    )


def test_long_article_is_extracted_in_parts_and_merged(article, tmp_path):
    config = dataclasses.replace(
        adhoc_model("scripted", "http://model.test/v1", mode=Mode.TOOLS),
        context=5200,
        max_tokens=1000,
    )
    assert len(split_paragraphs(article.text, 5200 - 1000 - PROMPT_OVERHEAD_TOKENS)) == 2
    second = good_draft(
        hosts=[
            {
                "name": "李铭",
                "title": "吴江区委书记",
                "role": "host",
                "evidence": "吴江区委书记李铭介绍了吴江经济社会发展情况",
            }
        ],
        itinerary=[],
        topics=[],
        date_text=None,
        evidence="谭真认为,随着长三角一体化发展",
        delegation_members=[
            {"name": "谭真", "title": None, "role": "lead", "evidence": "谭真认为"}
        ],
    )
    model = ScriptedModel([good_draft(), second], tools=True)
    rec = run(article, model, tmp_path, prompt="visit-v1", config=config)
    assert rec.ok and len(model.requests) == 2
    (visit,) = rec.extraction.visits  # the same trip from both parts: one visit
    assert [p.name for p in visit.hosts] == ["江海洋", "李铭"]
    assert [p.name for p in visit.delegation_members] == ["谭真"]
    assert visit.start_date.iso() == "2024-03-06"


def test_template_syntax_in_an_article_reaches_the_model_verbatim(tmp_path):
    from extract.text.ingest import RawArticle

    text = "3月6日至7日,海安市党政代表团赴吴江区学习考察。网页里写着{{ x }}和{% y %}这样的字样。"
    article = clean(RawArticle(id="braces", source="braces.txt", raw=text, fmt="txt"))
    answer = {
        "is_study_visit": True,
        "visits": [
            {
                "delegation_name": "海安市党政代表团",
                "delegation_kind": "党政代表团",
                "origin": "海安",
                "destinations": ["吴江区"],
                "date_text": "3月6日至7日",
                "evidence": "海安市党政代表团赴吴江区学习考察",
            }
        ],
    }
    model = ScriptedModel([answer], tools=True)
    rec = run(article, model, tmp_path, prompt="visit-v1")
    assert rec.ok, rec.failure
    sent = model.requests[0]["messages"][-1]["content"]
    assert "{{ x }}" in sent and "{% y %}" in sent
