"""Model configuration: which endpoints kaocha can call and with which generation settings.

The packaged ``extract/data/config.toml`` names the default model and prompt and a few
example endpoints. A user file (``--config FILE`` or env ``KAOCHA_CONFIG``) adds entries or
replaces them by name. Files are validated with pydantic at load; the rest of the code sees
frozen :class:`ModelConfig` values.

Typical use by a backend::

    config = load_config()
    mc = config.model(None)            # the default model
    key = mc.api_key()                 # raises ConfigError with a hint if the env var is unset
    mode = mc.mode.instructor_mode()   # instructor.Mode, imported lazily
"""

from __future__ import annotations

import enum
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from extract.errors import ConfigError

CONFIG_ENV = "KAOCHA_CONFIG"
NO_KEY = "not-needed"


class Mode(enum.Enum):
    """How instructor asks the endpoint for structured output."""

    TOOLS = "tools"
    JSON_SCHEMA = "json_schema"
    JSON = "json"
    MD_JSON = "md_json"

    def instructor_mode(self) -> Any:
        """The matching ``instructor.Mode`` (instructor is imported only here)."""
        import instructor

        return getattr(instructor.Mode, self.name)


@dataclass(frozen=True)
class ModelConfig:
    """One callable model: endpoint, generation settings, prices and limits."""

    name: str
    model: str
    base_url: str
    api_key_env: str | None
    mode: Mode
    temperature: float
    max_tokens: int
    price_in: float
    price_out: float
    context: int
    concurrency: int
    timeout: float
    local: bool = False
    json_object_schema: bool = False

    def params(self) -> dict[str, Any]:
        """The generation parameters that identify a result (for run ids and cache keys)."""
        return {
            "model": self.model,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "mode": self.mode.value,
        }

    def api_key(self) -> str:
        """The API key from the environment, or a placeholder for keyless endpoints."""
        if self.local or not self.api_key_env:
            return NO_KEY
        key = os.environ.get(self.api_key_env, "").strip()
        if not key:
            raise ConfigError(
                f"model {self.name!r} needs an API key in ${self.api_key_env}, which is not set",
                hint=f"export {self.api_key_env}=... or pick another model with --model",
            )
        return key

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        """US dollars for a call with these token counts."""
        return (input_tokens * self.price_in + output_tokens * self.price_out) / 1_000_000


@dataclass(frozen=True)
class Config:
    """The loaded configuration: defaults plus the models by name."""

    default_model: str
    default_prompt: str
    models: Mapping[str, ModelConfig] = field(default_factory=dict)

    def names(self) -> list[str]:
        return sorted(self.models)

    def model(self, name: str | None = None) -> ModelConfig:
        """The model called ``name``, or the default model when ``name`` is None."""
        key = name or self.default_model
        try:
            return self.models[key]
        except KeyError:
            raise ConfigError(
                f"unknown model {key!r}; known models: {', '.join(self.names())}",
                hint="run `kaocha model list`, or add it to a config file given with --config",
            ) from None


# --- file format (pydantic at the edge) ---------------------------------------------------


class _ModelEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = Field(min_length=1)
    base_url: str = ""
    api_key_env: str | None = None
    mode: Mode = Mode.TOOLS
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    max_tokens: int = Field(default=2048, gt=0)
    price_in: float = Field(default=0.0, ge=0.0)
    price_out: float = Field(default=0.0, ge=0.0)
    context: int = Field(default=8192, gt=0)
    concurrency: int = Field(default=4, gt=0)
    timeout: float = Field(default=120.0, gt=0)
    local: bool = False
    json_object_schema: bool = False

    @model_validator(mode="after")
    def _remote_needs_url(self) -> _ModelEntry:
        if not self.local:
            _check_url(self.base_url)
        return self


class _Defaults(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str | None = None
    prompt: str | None = None


class _ConfigFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    defaults: _Defaults = _Defaults()
    models: dict[str, _ModelEntry] = {}


def _check_url(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"base_url must be an http(s) URL, got {url!r}")


# --- loading ---------------------------------------------------------------------------------


def load_config(path: Path | None = None) -> Config:
    """The packaged config, extended by ``path`` (or the file named by ``$KAOCHA_CONFIG``)."""
    base = _parse(_packaged_text(), "packaged config.toml")
    user_path = path or _env_path()
    if user_path is not None:
        base = _merge(base, _parse(_read(user_path), str(user_path)))
    return _build(base)


def _packaged_text() -> str:
    return resources.files("extract").joinpath("data/config.toml").read_text(encoding="utf-8")


def _env_path() -> Path | None:
    value = os.environ.get(CONFIG_ENV, "").strip()
    return Path(value) if value else None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(
            f"cannot read config file {path}: {e.strerror or e}",
            hint=f"check the path given with --config or ${CONFIG_ENV}",
        ) from e


def _parse(text: str, source: str) -> _ConfigFile:
    try:
        return _ConfigFile.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{source}: not valid TOML: {e}", hint="fix the TOML syntax") from e
    except ValidationError as e:
        raise ConfigError(f"{source}: {_describe(e)}", hint=_FIELDS_HINT) from e


_FIELDS_HINT = "see the comments at the top of the packaged extract/data/config.toml"


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"])
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def _merge(base: _ConfigFile, user: _ConfigFile) -> _ConfigFile:
    defaults = _Defaults(
        model=user.defaults.model or base.defaults.model,
        prompt=user.defaults.prompt or base.defaults.prompt,
    )
    return _ConfigFile(defaults=defaults, models={**base.models, **user.models})


def _build(parsed: _ConfigFile) -> Config:
    models = {name: _to_model(name, entry) for name, entry in parsed.models.items()}
    default = parsed.defaults.model
    if not default or default not in models:
        raise ConfigError(
            f"default model {default!r} is not among the models: {', '.join(sorted(models))}",
            hint="set [defaults] model to one of the [models.NAME] entries",
        )
    if not parsed.defaults.prompt:
        raise ConfigError("no default prompt in [defaults]", hint="set [defaults] prompt")
    return Config(default, parsed.defaults.prompt, MappingProxyType(models))


def _to_model(name: str, entry: _ModelEntry) -> ModelConfig:
    return ModelConfig(name=name, **entry.model_dump())


def adhoc_model(
    model: str,
    base_url: str,
    api_key_env: str | None = None,
    mode: Mode | str = Mode.TOOLS,
    *,
    name: str | None = None,
    temperature: float = 0.0,
    max_tokens: int = 2048,
    context: int = 8192,
    concurrency: int = 4,
    timeout: float = 120.0,
    price_in: float = 0.0,
    price_out: float = 0.0,
) -> ModelConfig:
    """A model given on the command line (``--model-id``, ``--base-url``, ``--api-key-env``)."""
    values = dict(
        model=model,
        base_url=base_url,
        api_key_env=api_key_env or None,
        mode=mode,
        temperature=temperature,
        max_tokens=max_tokens,
        context=context,
        concurrency=concurrency,
        timeout=timeout,
        price_in=price_in,
        price_out=price_out,
    )
    try:
        entry = _ModelEntry.model_validate(values)
    except ValidationError as e:
        raise ConfigError(
            f"model given by flags: {_describe(e)}",
            hint="--base-url takes an http(s) URL ending in /v1; --mode one of "
            + ", ".join(m.value for m in Mode),
        ) from e
    return _to_model(name or model, entry)
