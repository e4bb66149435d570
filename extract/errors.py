"""The project's exceptions: one root, subclasses that carry their context.

Only the CLI turns these into exit codes and one-line messages; everything below raises.
Each message says what went wrong; ``hint`` says how to fix it.
"""

from __future__ import annotations


class KaochaError(Exception):
    """Root of every error this project raises on purpose."""

    hint: str = ""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        if hint:
            self.hint = hint

    def one_line(self) -> str:
        text = str(self).replace("\n", " ")
        return f"{text} (hint: {self.hint})" if self.hint else text


class InputError(KaochaError):
    """An input article could not be read: missing, empty, binary, undecodable, too large."""

    def __init__(self, source: str, reason: str, *, hint: str = "") -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}", hint=hint)


class ConfigError(KaochaError):
    """A config, prompt or model file is missing or malformed."""


class DataFileError(KaochaError):
    """A data file shipped with the project (gazetteer, spam list, gold) is malformed."""

    def __init__(self, path: str, detail: str, *, hint: str = "") -> None:
        self.path = path
        self.detail = detail
        super().__init__(f"{path}: {detail}", hint=hint)


class GoldError(DataFileError):
    """A gold label file does not load: bad field, quote not in its article, unknown region."""


class ModelSetupError(KaochaError):
    """The model cannot be used: file missing, hash mismatch, runtime not installed, server down."""


class EndpointDown(ModelSetupError):
    """The model endpoint went away mid-run (the local server died): the run stops at once."""


class ModelCallError(KaochaError):
    """A model call failed for good (after transport retries and validation re-asks)."""

    def __init__(
        self,
        message: str,
        *,
        article_id: str = "",
        model: str = "",
        attempt: int = 0,
        last_output: str | None = None,
        hint: str = "",
        transient: bool = False,
    ) -> None:
        self.transient = transient  # the endpoint failed, not the model: worth asking again
        self.article_id = article_id
        self.model = model
        self.attempt = attempt
        self.last_output = last_output
        super().__init__(message, hint=hint)


class StateFileError(KaochaError):
    """A file the tool keeps between runs (response cache, call log) is not a readable SQLite
    database: truncated, overwritten, or not ours."""

    def __init__(self, path: str, detail: str, *, hint: str = "") -> None:
        self.path = path
        self.detail = detail
        super().__init__(f"{path} is unreadable: {detail}", hint=hint)


class CassetteMismatch(KaochaError):
    """A replayed request has no recording: prompt, schema or model changed since recording."""
