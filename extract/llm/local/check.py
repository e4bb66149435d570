"""`kaocha model check`: one short real completion, timed, before a long run trusts the model.

A runtime built for instructions the machine cannot run dies on its first completion, not at
start; so the check asks twice. The first request processes a prompt of a few hundred tokens
and writes one token (prompt rate). The second asks the same again and writes up to
`GENERATE` tokens; the server reuses the prompt it just processed, so its time is generation
(generation rate). Also reports which CPU features the local runtime was built for.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from extract.errors import ModelSetupError

GENERATE = 48
PROMPT = (
    "以下是一段用于测速的文字，请阅读后按要求回答。"
    + "某市党政代表团赴外地学习考察，先后参观了产业园区、科技企业、乡村振兴示范点和政务服务中心，"
    "双方举行座谈会，就产业协作、科技创新、文化旅游等领域深化合作进行交流。"
    * 6
    + "请从1开始用阿拉伯数字依次数数，用逗号分隔，不要停。"
)


@dataclass(frozen=True)
class CheckResult:
    prompt_tokens: int
    prompt_seconds: float
    completion_tokens: int
    generation_seconds: float

    @property
    def prompt_rate(self) -> float:
        return self.prompt_tokens / self.prompt_seconds if self.prompt_seconds else 0.0

    @property
    def generation_rate(self) -> float:
        return self.completion_tokens / self.generation_seconds if self.generation_seconds else 0.0


def check_completion(
    base_url: str,
    model: str,
    timeout: float = 300.0,
    *,
    prompt: str = PROMPT,
    generate: int = GENERATE,
) -> CheckResult:
    """Time one prompt and one generation (of up to `generate` tokens, no grammar) against an
    OpenAI-compatible endpoint."""
    first, t1 = _complete(base_url, model, prompt, 1, timeout)
    second, t2 = _complete(base_url, model, prompt, generate, timeout)
    usage1, usage2 = first.get("usage") or {}, second.get("usage") or {}
    generated = int(usage2.get("completion_tokens") or 0)
    if generated == 0:
        raise ModelSetupError(
            "the model answered the check with no tokens", hint="look at the server's log"
        )
    return CheckResult(int(usage1.get("prompt_tokens") or 0), t1, generated, t2)


def _complete(
    base_url: str, model: str, prompt: str, max_tokens: int, timeout: float
) -> tuple[dict, float]:
    body = {
        "model": model,
        "messages": [{"role": "user", "content": prompt}],
        "max_tokens": max_tokens,
        "temperature": 0.0,
    }
    request = urllib.request.Request(
        base_url.rstrip("/") + "/chat/completions",
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json"},
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = json.loads(response.read())
    except (urllib.error.URLError, OSError, ValueError) as e:
        raise ModelSetupError(
            f"the check's completion failed: {e}", hint="look at the server's log"
        ) from e
    return data, time.perf_counter() - started


_FEATURE = re.compile(r"\b([A-Z][A-Z0-9_]+) = 1\b")
_INSTRUCTIONS = (
    "SSE3",
    "SSSE3",
    "AVX",
    "AVX2",
    "AVX_VNNI",
    "F16C",
    "FMA",
    "BMI2",
    "AVX512",
    "AVX512_VBMI",
    "AVX512_VNNI",
    "AVX512_BF16",
    "AMX_INT8",
    "AMX_BF16",
)


def runtime_features() -> str | None:
    """The CPU instruction sets the installed llama.cpp runtime was built for, or None when it
    is not installed here (a remote endpoint)."""
    try:
        import llama_cpp
    except ImportError:
        return None
    info = llama_cpp.llama_print_system_info()
    text = info.decode("utf-8", "replace") if isinstance(info, bytes) else str(info)
    on = [f for f in _FEATURE.findall(text) if f in _INSTRUCTIONS]
    amx = "AMX on" if any(f.startswith("AMX") for f in on) else "AMX off"
    return f"{' '.join(dict.fromkeys(f for f in on if not f.startswith('AMX')))} ({amx})"
