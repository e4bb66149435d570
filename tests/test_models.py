"""Model configuration: the packaged file, user overrides, keys, and models given by flags."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.errors import ConfigError
from extract.llm.config import NO_KEY, Mode, adhoc_model, load_config


@pytest.fixture(autouse=True)
def no_user_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAOCHA_CONFIG", raising=False)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "user.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_defaults() -> None:
    config = load_config()
    assert config.default_model == "local-qwen2.5-coder-1.5b"
    assert config.default_prompt == "visit-v3"
    local = config.model(None)
    assert local.local and local.mode is Mode.JSON_SCHEMA and local.json_object_schema
    assert local.temperature == 0
    assert (local.context, local.price_in, local.price_out) == (8192, 0, 0)


@pytest.mark.parametrize(
    ("name", "model", "base_url", "key_env"),
    [
        ("gpt-4o-mini", "gpt-4o-mini", "https://api.openai.com/v1", "OPENAI_API_KEY"),
        ("deepseek-chat", "deepseek-chat", "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY"),
        (
            "qwen-plus",
            "qwen-plus",
            "https://dashscope.aliyuncs.com/compatible-mode/v1",
            "DASHSCOPE_API_KEY",
        ),
        ("vllm", None, "http://127.0.0.1:8000/v1", None),
        ("ollama", None, "http://127.0.0.1:11434/v1", None),
    ],
    ids=["openai", "deepseek", "dashscope", "vllm", "ollama"],
)
def test_packaged_examples(
    name: str, model: str | None, base_url: str, key_env: str | None
) -> None:
    entry = load_config().model(name)
    assert entry.base_url == base_url and entry.api_key_env == key_env and not entry.local
    if model:
        assert entry.model == model


def test_openai_prices() -> None:
    entry = load_config().model("gpt-4o-mini")
    assert (entry.price_in, entry.price_out) == (0.15, 0.60)
    assert entry.cost(1_000_000, 500_000) == pytest.approx(0.45)


def test_params_identify_the_generation() -> None:
    assert load_config().model("gpt-4o-mini").params() == {
        "model": "gpt-4o-mini",
        "temperature": 0.0,
        "max_tokens": 2048,
        "mode": "tools",
    }


def test_mode_maps_to_instructor() -> None:
    import instructor

    assert Mode.TOOLS.instructor_mode() is instructor.Mode.TOOLS
    assert Mode.MD_JSON.instructor_mode() is instructor.Mode.MD_JSON


def test_unknown_model_lists_known_names() -> None:
    with pytest.raises(ConfigError) as err:
        load_config().model("gpt-9")
    assert "'gpt-9'" in str(err.value)
    assert "deepseek-chat" in str(err.value) and "ollama" in str(err.value)


def test_api_key_missing_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPSEEK_API_KEY", raising=False)
    with pytest.raises(ConfigError) as err:
        load_config().model("deepseek-chat").api_key()
    assert "DEEPSEEK_API_KEY" in str(err.value) and "DEEPSEEK_API_KEY" in err.value.hint


def test_api_key_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert load_config().model("gpt-4o-mini").api_key() == "sk-test"


def test_keyless_and_local_models_get_a_placeholder() -> None:
    config = load_config()
    assert config.model(None).api_key() == NO_KEY
    assert config.model("ollama").api_key() == NO_KEY


def test_user_file_replaces_and_extends(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[defaults]
model = "mine"

[models.mine]
model = "my-model"
base_url = "https://llm.example.com/v1"
api_key_env = "MY_KEY"
mode = "json_schema"

[models.ollama]
model = "llama3.1:8b"
base_url = "http://127.0.0.1:11434/v1"
""",
    )
    config = load_config(path)
    assert config.default_model == "mine" and config.default_prompt == "visit-v3"
    assert config.model(None).mode is Mode.JSON_SCHEMA
    assert config.model("ollama").model == "llama3.1:8b"
    assert "gpt-4o-mini" in config.names()


def test_user_file_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, '[defaults]\nprompt = "visit-v2"\n')
    monkeypatch.setenv("KAOCHA_CONFIG", str(path))
    assert load_config().default_prompt == "visit-v2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[models.x]\nmodel = "m"\nbase_url = "http://h/v1"\nmode = "xml"\n', "models.x.mode"),
        ('[models.x]\nmodel = "m"\nbase_url = "h/v1"\n', "base_url must be an http"),
        ('[models.x]\nmodel = "m"\nbase_url = "http://h/v1"\napi_key = "sk"\n', "api_key"),
        ("[defaults\n", "not valid TOML"),
        ('[defaults]\nmodel = "nope"\n', "default model 'nope'"),
    ],
    ids=["bad-mode", "bad-url", "key-in-file", "bad-toml", "unknown-default"],
)
def test_bad_user_file_is_a_config_error(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        load_config(write(tmp_path, text))


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config file") as err:
        load_config(tmp_path / "absent.toml")
    assert "--config" in err.value.hint


def test_adhoc_model_from_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_KEY", "k")
    mc = adhoc_model("my-model", "https://llm.example.com/v1", "MY_KEY", "json")
    assert (mc.name, mc.mode, mc.api_key(), mc.local) == ("my-model", Mode.JSON, "k", False)


def test_adhoc_model_rejects_bad_flags() -> None:
    with pytest.raises(ConfigError, match="base_url"):
        adhoc_model("m", "not-a-url")
    with pytest.raises(ConfigError, match="mode"):
        adhoc_model("m", "http://127.0.0.1:8000/v1", mode="xml")


def test_cli_lists_the_models() -> None:
    import extract.cli.model  # noqa: F401  (registers `kaocha model`)
    from extract.cli import app

    result = CliRunner().invoke(app, ["model", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for text in ("local-qwen2.5-coder-1.5b (default)", "gpt-4o-mini", "OPENAI_API_KEY", "0.15"):
        assert text in result.output
