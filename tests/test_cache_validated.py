"""The response cache keeps only answers that validated; a broken cache or call log file is
one error line that says what to do, not a traceback."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import httpx2
import pytest
from pydantic import BaseModel, field_validator

from extract.cli import EXIT_CONFIG, main
from extract.errors import StateFileError
from extract.llm.cache import ResponseCache, keep_validated_answer
from extract.llm.calllog import CallLog
from extract.llm.client import ModelClient
from extract.llm.config import Mode, adhoc_model
from extract.llm.transport import RetryPolicy
from tests.fakes.recorded import VALID, run_args
from tests.fakes.scripted import ScriptedModel

URL = "http://model.test/v1/chat/completions"
FAST = RetryPolicy(attempts=1, base_wait=0.0, max_wait=0.0)


def completion(message: dict[str, Any], finish: str = "stop") -> dict[str, Any]:
    return {
        "id": "c1",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
    }


GOOD = completion({"role": "assistant", "content": '{"name": "苏州市"}'})
BAD_ANSWERS = {
    "html-page": httpx2.Response(
        200, headers={"content-type": "text/html"}, text="<html>Bad gateway</html>"
    ),
    "not-an-object": httpx2.Response(200, json=["choices"]),
    "no-choices": httpx2.Response(200, json={**GOOD, "choices": []}),
    "cut-at-max-tokens": httpx2.Response(
        200, json=completion({"role": "assistant", "content": '{"name": "苏'}, finish="length")
    ),
    "no-content": httpx2.Response(200, json=completion({"role": "assistant", "content": None})),
    "empty-content": httpx2.Response(200, json=completion({"role": "assistant", "content": ""})),
    "tool-call-without-arguments": httpx2.Response(
        200,
        json=completion(
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"id": "t", "type": "function", "function": {"name": "Place"}}],
            }
        ),
    ),
    "server-error": httpx2.Response(500, json=GOOD),
}


def rows(cache: ResponseCache) -> list[dict[str, Any]]:
    found = cache.conn.execute("SELECT body FROM responses").fetchall()
    return [json.loads(body) for (body,) in found]


async def post_in_block(cache: ResponseCache, answer: httpx2.Response) -> int:
    transport = cache.wrap(httpx2.MockTransport(lambda request: answer))
    async with httpx2.AsyncClient(transport=transport) as client:
        with keep_validated_answer():
            return (await client.post(URL, content=b'{"model": "m"}')).status_code


@pytest.mark.parametrize("name", list(BAD_ANSWERS))
def test_a_bad_answer_is_never_kept(name: str, tmp_path: Path) -> None:
    with ResponseCache(tmp_path / "cache.sqlite") as cache:
        asyncio.run(post_in_block(cache, BAD_ANSWERS[name]))
        assert rows(cache) == []


def test_a_good_answer_is_kept_when_its_block_ends_well(tmp_path: Path) -> None:
    with ResponseCache(tmp_path / "cache.sqlite") as cache:
        asyncio.run(post_in_block(cache, httpx2.Response(200, json=GOOD)))
        assert rows(cache) == [GOOD]


def test_nothing_is_kept_outside_a_block_or_when_the_block_fails(tmp_path: Path) -> None:
    async def go(cache: ResponseCache) -> None:
        transport = cache.wrap(httpx2.MockTransport(lambda r: httpx2.Response(200, json=GOOD)))
        async with httpx2.AsyncClient(transport=transport) as client:
            await client.post(URL, content=b"{}")
            with pytest.raises(ValueError), keep_validated_answer():
                await client.post(URL, content=b"{}")
                raise ValueError("the answer did not validate")

    with ResponseCache(tmp_path / "cache.sqlite") as cache:
        asyncio.run(go(cache))
        assert rows(cache) == []
        assert cache.misses == 2


class Place(BaseModel):
    name: str

    @field_validator("name")
    @classmethod
    def _whole_name(cls, value: str) -> str:
        if not value.endswith("市"):
            raise ValueError("写全称,以“市”结尾")
        return value


def fill(cache: ResponseCache, model: ScriptedModel, max_reasks: int) -> str:
    config = adhoc_model("m", "http://model.test/v1", mode=Mode.JSON)

    async def go() -> str:
        client = ModelClient(
            config, inner_transport=model.transport(), policy=FAST, wrap=cache.wrap
        )
        try:
            messages = [{"role": "user", "content": "去了苏州"}]
            filled = await client.fill(Place, messages, max_reasks)
            return filled.value.name  # type: ignore[attr-defined]
        finally:
            await client.aclose()

    return asyncio.run(go())


def test_after_a_reask_only_the_answer_that_validated_is_kept(tmp_path: Path) -> None:
    model = ScriptedModel([{"name": "苏州"}, {"name": "苏州市"}])
    with ResponseCache(tmp_path / "cache.sqlite") as cache:
        assert fill(cache, model, max_reasks=1) == "苏州市"
        kept = rows(cache)
        assert len(kept) == 1
        assert json.loads(kept[0]["choices"][0]["message"]["content"]) == {"name": "苏州市"}
        assert len(model.requests) == 2


def test_an_answer_that_never_validates_is_not_kept(tmp_path: Path) -> None:
    model = ScriptedModel([{"name": "苏州"}, {"name": "苏州"}])
    with ResponseCache(tmp_path / "cache.sqlite") as cache:
        with pytest.raises(Exception, match="市"):
            fill(cache, model, max_reasks=1)
        assert rows(cache) == []


def test_a_kept_answer_answers_the_same_question_again(tmp_path: Path) -> None:
    with ResponseCache(tmp_path / "cache.sqlite") as cache:
        assert fill(cache, ScriptedModel([{"name": "苏州市"}]), max_reasks=0) == "苏州市"
        assert fill(cache, ScriptedModel([]), max_reasks=0) == "苏州市"
        assert (cache.misses, cache.hits) == (1, 1)


# --- broken files --------------------------------------------------------------------------


def garbage(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database\x00\xff" * 200)
    return path


def truncated(path: Path, table: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TABLE {table} (x BLOB)")
    conn.executemany(f"INSERT INTO {table} VALUES (?)", [(b"x" * 500,)] * 500)
    conn.commit()
    conn.close()
    path.write_bytes(path.read_bytes()[:8192])
    return path


def test_a_garbage_cache_file_is_a_state_file_error(tmp_path: Path) -> None:
    with pytest.raises(StateFileError) as failure:
        ResponseCache(garbage(tmp_path / "cache.sqlite"))
    assert "--no-cache" in failure.value.hint


def test_a_garbage_call_log_is_a_state_file_error(tmp_path: Path) -> None:
    with pytest.raises(StateFileError) as failure:
        CallLog(garbage(tmp_path / "calls.sqlite"))
    assert "aside" in failure.value.hint


def one_error_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    err = capsys.readouterr().err
    assert exit_info.value.code == EXIT_CONFIG
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("broken", [garbage, truncated], ids=["garbage", "truncated"])
def test_kaocha_logs_on_a_broken_call_log_is_one_line(
    broken: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "calls.sqlite"
    broken(db) if broken is garbage else broken(db, "calls")
    line = one_error_line(["logs", "list", "--db", str(db)], capsys)
    assert line.startswith("error: ") and str(db) in line and "aside" in line


@pytest.mark.parametrize("broken", [garbage, truncated], ids=["garbage", "truncated"])
def test_kaocha_run_on_a_broken_cache_is_one_line(
    broken: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "runs" / "cache.sqlite"
    broken(cache) if broken is garbage else broken(cache, "responses")
    args = run_args(VALID[:1], tmp_path / "out.jsonl", "http://127.0.0.1:9/v1")
    args.remove("--no-cache")
    line = one_error_line(args, capsys)
    assert line.startswith("error: ") and "cache.sqlite" in line and "--no-cache" in line
