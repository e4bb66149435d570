"""Prompt files, the call log's migrations and paragraph splitting."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from extract.errors import ConfigError
from extract.llm.calllog import MIGRATIONS, CallLog, migrate
from extract.llm.prompting import load_prompt
from extract.pipeline.chunking import split_paragraphs

PROMPTS = Path("prompts")


@pytest.mark.parametrize("name", sorted(p.stem for p in PROMPTS.glob("*.toml")))
def test_every_shipped_prompt_loads_and_renders(name):
    prompt = load_prompt(name)
    messages = prompt.messages(text="文章正文", published=dt.date(2024, 3, 8), title="标题")
    assert messages[0]["role"] == "system" and "文章正文" in messages[-1]["content"]
    assert len(prompt.hash) == 16


def test_prompt_hash_changes_with_its_content(tmp_path):
    original = (PROMPTS / "visit-v1.toml").read_text(encoding="utf-8")
    (tmp_path / "visit-v1.toml").write_text(
        original.replace("新闻信息抽取助手", "抽取助手"), encoding="utf-8"
    )
    assert load_prompt("visit-v1", tmp_path).hash != load_prompt("visit-v1").hash


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param('id = "x"\n', "not a valid prompt file", id="missing-fields"),
        pytest.param("id = [", "not a valid prompt file", id="bad-toml"),
        pytest.param(
            'id="x"\ndescription="d"\nsystem="s"\nuser="{{ text"\n',
            "does not parse",
            id="bad-template",
        ),
        pytest.param(
            'id="x"\ndescription="d"\nsystem="s"\nuser="{{ text }}"\n[steps]\nsummary="q"\n',
            "unknown step",
            id="unknown-step",
        ),
    ],
)
def test_bad_prompt_files_are_refused_before_any_call(tmp_path, content, message):
    (tmp_path / "bad.toml").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_prompt("bad", tmp_path)


def test_unknown_prompt_names_the_known_ones(tmp_path):
    (tmp_path / "a.toml").write_text("", encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_prompt("nope", tmp_path)
    assert "known prompts: a" in e.value.one_line()


def test_migrations_run_once_and_forward(tmp_path):
    path = tmp_path / "calls.sqlite"
    CallLog(path).close()
    conn = sqlite3.connect(path)
    migrate(conn)  # again: nothing to do
    versions = [v for (v,) in conn.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, len(MIGRATIONS) + 1))


@pytest.mark.parametrize("budget", [50, 200, 1000])
def test_parts_fit_the_budget_and_keep_every_paragraph(budget):
    paragraphs = [f"第{i}段" + "内容。" * (i % 7 + 3) for i in range(40)]
    parts = split_paragraphs("\n".join(paragraphs), budget)
    assert all(len(p.text) <= budget for p in parts)
    joined = "\n".join(p.text for p in parts)
    assert all(para in joined for para in paragraphs)
    if len(parts) > 1:  # neighbouring parts overlap by a paragraph where it fits
        assert any(
            parts[i].text.split("\n")[-1] in parts[i + 1].text for i in range(len(parts) - 1)
        )
