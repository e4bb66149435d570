"""Prompt files: loaded, checked and rendered into chat messages before any model call.

A prompt is a TOML file in `prompts/` with an id, a description, the name of the response
model, system and user templates (jinja2) and optional few-shot examples. Its content hash
goes into every result and log row, so a changed prompt never passes for an old one.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.resources
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from pydantic import BaseModel, Field, ValidationError

from extract.errors import ConfigError

PROMPTS_ENV = "KAOCHA_PROMPTS"


def default_prompts_dir() -> Path:
    """$KAOCHA_PROMPTS, else ./prompts, else the prompts installed with the package.

    An installed wheel ships the top-level prompts/ folder as the package data
    `extract/prompts` (see pyproject.toml); a checkout (an editable install) reads the
    repository's prompts/ folder itself.
    """
    if os.environ.get(PROMPTS_ENV):
        return Path(os.environ[PROMPTS_ENV])
    here = Path("prompts")
    if here.is_dir():
        return here
    shipped = importlib.resources.files("extract") / "prompts"
    if shipped.is_dir():
        return Path(str(shipped))
    return Path(__file__).resolve().parents[2] / "prompts"


_ENV = jinja2.Environment(
    undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True
)


class Example(BaseModel):
    """A few-shot example: an article that is never one being scored, and its answer."""

    text: str = Field(min_length=1)
    published: str | None = None
    answer: dict[str, Any]


class PromptFile(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    description: str
    response_model: str = "ExtractionDraft"
    system: str = Field(min_length=1)
    user: str = Field(min_length=1)
    examples: list[Example] = Field(default_factory=list)
    steps: dict[str, str] = Field(
        default_factory=dict,
        description="Step-by-step prompts: step name → the question asked after the article.",
    )


@dataclass(frozen=True)
class Prompt:
    id: str
    description: str
    response_model: str
    system: str
    user: str
    examples: tuple[Example, ...]
    steps: dict[str, str]
    hash: str
    path: str

    def messages(
        self, *, text: str, published: dt.date | None, title: str | None
    ) -> list[dict[str, str]]:
        """The chat messages for one article: system, few-shot turns, then the article."""
        out = [{"role": "system", "content": self.system}]
        for ex in self.examples:
            out.append({"role": "user", "content": self._render(ex.text, ex.published, None)})
            out.append({"role": "assistant", "content": _dump(ex.answer)})
        out.append({"role": "user", "content": self._render(text, published, title)})
        return out

    def step_messages(
        self,
        step: str,
        *,
        text: str,
        published: dt.date | None,
        title: str | None,
        **variables: Any,
    ) -> list[dict[str, str]]:
        """The article's messages, then one step's question: the prefix is the same for all
        steps of an article, so a server with a prompt cache reads the article only once."""
        question = _template(self.steps[step]).render(**variables)
        return [
            *self.messages(text=text, published=published, title=title),
            {"role": "user", "content": question},
        ]

    def _render(self, text: str, published: dt.date | str | None, title: str | None) -> str:
        pub = published.isoformat() if isinstance(published, dt.date) else published
        return _template(self.user).render(text=text, published=pub, title=title)


@functools.lru_cache(maxsize=256)
def _template(source: str) -> jinja2.Template:
    """Templates compile once per text, not once per article."""
    return _ENV.from_string(source)


def _dump(answer: dict[str, Any]) -> str:
    import json

    return json.dumps(answer, ensure_ascii=False)


def prompt_path(name: str, prompts_dir: Path | None = None) -> Path:
    """A prompt by id (looked up in the prompts folder) or by file path."""
    candidate = Path(name)
    if candidate.suffix == ".toml" and candidate.exists():
        return candidate
    folder = prompts_dir or default_prompts_dir()
    path = folder / f"{name}.toml"
    if not path.exists():
        known = sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []
        raise ConfigError(
            f"prompt {name!r} not found in {folder}/",
            hint=f"known prompts: {', '.join(known) or 'none'}; or pass a .toml path",
        )
    return path


def load_prompt(name: str, prompts_dir: Path | None = None) -> Prompt:
    """Load and check a prompt file; its templates must render before any model is called."""
    path = prompt_path(name, prompts_dir)
    raw = path.read_bytes()
    try:
        data = PromptFile.model_validate(tomllib.loads(raw.decode("utf-8")))
    except (tomllib.TOMLDecodeError, ValidationError, UnicodeDecodeError) as e:
        raise ConfigError(
            f"{path}: not a valid prompt file: {e}", hint="see prompts/visit-v1.toml"
        ) from e
    prompt = Prompt(
        id=data.id,
        description=data.description,
        response_model=data.response_model,
        system=data.system,
        user=data.user,
        examples=tuple(data.examples),
        steps=dict(data.steps),
        hash=hashlib.sha256(raw).hexdigest()[:16],
        path=str(path),
    )
    _check_renders(prompt, path)
    return prompt


def _check_renders(prompt: Prompt, path: Path) -> None:
    try:
        prompt.messages(text="测试", published=dt.date(2024, 1, 1), title=None)
        for step, template in prompt.steps.items():
            _ENV.parse(template)
            if step not in KNOWN_STEPS:
                raise ConfigError(
                    f"{path}: unknown step {step!r}", hint=f"steps are {', '.join(KNOWN_STEPS)}"
                )
    except jinja2.TemplateError as e:
        raise ConfigError(f"{path}: a template does not parse: {e}") from e


KNOWN_STEPS = ("skeleton", "people", "itinerary", "topics", "events")
