"""Another OpenAI-compatible model runs through the same pipeline unchanged: a hosted model
in tools mode (key from its env var, cost from its prices) and a vLLM server in plain
json_schema mode, each answering the default step-by-step prompt through a scripted
endpoint."""

from __future__ import annotations

import pytest

from extract.llm.config import load_config
from tests.fakes.scripted import ScriptedModel, answers, run


@pytest.mark.parametrize(
    ("name", "tools", "format_type"),
    [
        pytest.param("gpt-4o-mini", True, None, id="openai-tools-mode"),
        pytest.param("vllm", False, "json_schema", id="vllm-json-schema-mode"),
    ],
)
def test_configured_model_runs_the_default_pipeline(
    article,  # noqa: F811
    tmp_path,
    monkeypatch,
    name,
    tools,
    format_type,
):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    config = load_config().model(name)
    model = ScriptedModel(answers()[:3], tools=tools, usage=(1_000_000, 100_000))
    rec = run(article, model, tmp_path, config=config)
    assert rec.ok, rec.failure
    visit = rec.extraction.visits[0]
    assert visit.origin.adcode == "320685" and [p.name for p in visit.hosts] == ["江海洋", "李铭"]
    assert all(r["model"] == config.model for r in model.requests)
    if tools:
        assert all(r["tool_choice"]["type"] == "function" for r in model.requests)
    else:
        assert all(r["response_format"]["type"] == format_type for r in model.requests)
    expected_cost = 3 * (config.price_in + 0.1 * config.price_out)
    assert rec.usage.cost == pytest.approx(expected_cost)
    assert rec.run.model == config.model and rec.run.prompt_id == load_config().default_prompt


def test_a_model_no_config_names_is_given_by_flags():
    from extract.cli.runs import AdHoc, run_options
    from extract.errors import ConfigError

    options = run_options(
        None,
        None,
        "http://127.0.0.1:8000/v1",
        None,
        AdHoc("my-model", "MY_KEY", "json_schema"),
        split=False,
    )
    assert options.adhoc.model == "my-model" and options.adhoc.api_key_env == "MY_KEY"
    assert options.adhoc.mode.value == "json_schema" and options.split is False
    with pytest.raises(ConfigError, match="--base-url"):
        run_options(None, None, None, None, AdHoc("my-model", None, "tools"))
