"""The local model against the hardware's floor: each runtime, on the seeds, in one run.

For each runtime (llama.cpp's ``llama-server`` and llama-cpp-python's server) and each slot
count, on this machine, one after the other:

1. the runtime's plain rates, with no grammar: prompt tokens per second over a prompt of about
   the size an article's first question has, and generation tokens per second;
2. the default prompt over the five seeds with ``kaocha run``, which starts the server itself
   as a user's run does (response cache off; as many server slots and requests in flight as
   asked), timed from the command's start to its end;
3. the floor for each article: its uncached prompt tokens (the server's own count, read off its
   log) over the prompt rate, plus its completion tokens over the generation rate; the measured
   seconds per article, and their ratio. With more than one slot, requests overlap, so only
   the run's totals are given: articles per hour, and the floor of a one-slot run;
4. the run scored against the seeds' gold (micro-F1), so a faster runtime that answers worse
   shows it.

    python benchmarks/bench_local.py                                  # both runtimes, 1 slot
    python benchmarks/bench_local.py --runtime native --slots 1 2 4    # articles per hour

Run from the repository root, on an otherwise idle machine: llama.cpp uses every core. The
runs, server logs and scorecards are kept under ``--out`` (default runs/bench-local).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.llm.config import ModelConfig, load_config  # noqa: E402
from extract.llm.local.check import PROMPT, check_completion  # noqa: E402
from extract.llm.local.modelfile import ensure_model  # noqa: E402
from extract.llm.local.runtime import NATIVE, PYTHON, RUNTIME_ENV, choose_runtime  # noqa: E402
from extract.llm.local.server import SERVER_LOG_ENV, LocalServer  # noqa: E402

SEEDS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "seeds").glob("*.txt"))
GENERATE = 128
# ~1,500 tokens, as an article's first question; asked to copy it out, the model writes until
# the token limit instead of stopping after a few tokens
RATE_PROMPT = (
    "".join(PROMPT for _ in range(5)) + "\n\n请不要数数，而是把上面的全部文字原样抄写一遍。"
)
PROMPT_EVAL = re.compile(r"prompt eval time =\s*([\d.]+) ms /\s*(\d+) tokens")


@dataclass(frozen=True)
class Article:
    id: str
    seconds: float
    calls: int
    prompt_tokens: int
    completion_tokens: int
    uncached: int | None  # None: the calls could not be matched to the server's log


@dataclass(frozen=True)
class Measured:
    runtime: str
    slots: int
    prompt_rate: float
    generation_rate: float
    articles: list[Article]
    wall: float
    uncached_total: int
    micro_f1: float | None
    failed: int

    def floor(self, prompt: int, completion: int) -> float:
        return prompt / self.prompt_rate + completion / self.generation_rate

    @property
    def floor_total(self) -> float:
        completion = sum(a.completion_tokens for a in self.articles)
        return self.floor(self.uncached_total, completion)

    @property
    def per_hour(self) -> float:
        return len(self.articles) * 3600 / self.wall if self.wall else 0.0


def measure(runtime_name: str, slots: int, out: Path) -> Measured:
    config = load_config().model(None)
    runtime = choose_runtime(runtime_name)
    folder = out / f"{runtime_name}-np{slots}"
    folder.mkdir(parents=True, exist_ok=True)
    with LocalServer(  # also brings the model file into the page cache before the timed run
        ensure_model(), context=config.context, alias=config.model, runtime=runtime
    ) as server:
        rates = check_completion(
            server.base_url, config.model, prompt=RATE_PROMPT, generate=GENERATE
        )
    results, log = folder / "results.jsonl", folder / "server.log"
    results.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(  # kaocha starts the server itself, as a user's run does
        [sys.executable, "-m", "extract", "run", *SEEDS, "-o", str(results), "--no-cache"]
        + ["--config", str(_config_file(config, slots, folder))],
        cwd=ROOT,
        check=False,
        env={**os.environ, RUNTIME_ENV: runtime_name, SERVER_LOG_ENV: str(log)},
    )
    wall = time.perf_counter() - started
    evals = _prompt_evals(log)
    records = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    return Measured(
        runtime.name,
        slots,
        rates.prompt_rate,
        rates.generation_rate,
        _articles(records, evals if slots == 1 else None),
        wall,
        sum(evals),
        _score(results, folder / "score"),
        sum(1 for r in records if r["status"] != "ok"),
    )


def _config_file(config: ModelConfig, slots: int, folder: Path) -> Path:
    """The default model's entry with `slots` requests in flight (and as many server slots)."""
    fields = {
        k: v
        for k, v in dataclasses.asdict(config).items()
        if k not in ("name",) and v is not None and v != ""
    }
    fields["mode"] = str(getattr(config.mode, "value", config.mode))
    fields["concurrency"] = slots
    lines = [f'[models."{config.name}"]'] + [f"{k} = {json.dumps(v)}" for k, v in fields.items()]
    path = folder / "model.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _prompt_evals(log: Path) -> list[int]:
    """Uncached prompt tokens of each request, in order, from the server's log."""
    text = log.read_text(encoding="utf-8", errors="replace")
    return [int(m.group(2)) for m in PROMPT_EVAL.finditer(text)]


def _articles(records: list[dict], evals: list[int] | None) -> list[Article]:
    """Per article, in the order they ran; with one slot the log's requests are theirs in
    order, so each article gets its calls' uncached tokens."""
    calls = [int((r.get("usage") or {}).get("calls") or 0) for r in records]
    matched = evals is not None and len(evals) == sum(calls)
    out, at = [], 0
    for record, n in zip(records, calls, strict=True):
        usage = record.get("usage") or {}
        uncached = sum(evals[at : at + n]) if matched and evals is not None else None
        at += n
        out.append(
            Article(
                record["article_id"],
                float(record.get("seconds") or 0.0),
                n,
                int(usage.get("prompt_tokens") or 0),
                int(usage.get("completion_tokens") or 0),
                uncached,
            )
        )
    return out


def _score(results: Path, folder: Path) -> float | None:
    subprocess.run(
        [sys.executable, "-m", "extract", "eval", "--results", str(results)] + ["-o", str(folder)],
        cwd=ROOT,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    try:
        card = json.loads((folder / "scorecard.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = card["headline"].get("micro_f1")
    return float(value) if value is not None else None


def report(runs: list[Measured]) -> None:
    for m in runs:
        print(f"\n## {m.runtime}, {m.slots} slot(s)")
        print(
            f"plain rates: prompt {m.prompt_rate:.1f} tokens/s, generation "
            f"{m.generation_rate:.1f} tokens/s"
        )
        if m.slots == 1:
            _per_article(m)
        n = len(m.articles)
        print(
            f"total: {m.wall:.0f} s for {n} articles ({m.wall / n:.1f} s/article, "
            f"{m.per_hour:.0f} articles/hour); floor {m.floor_total / n:.1f} s/article; "
            f"ratio {m.wall / m.floor_total:.2f}; tokens/article: prompt "
            f"{sum(a.prompt_tokens for a in m.articles) / n:.0f} "
            f"(uncached {m.uncached_total / n:.0f}), completion "
            f"{sum(a.completion_tokens for a in m.articles) / n:.0f}; micro-F1 "
            f"{_fmt(m.micro_f1)}; failed {m.failed}"
        )
    _side_by_side(runs)


def _per_article(m: Measured) -> None:
    print("| article | calls | prompt (uncached) | completion | floor s | measured s | ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for a in m.articles:
        if a.uncached is None:
            print(
                f"| {a.id} | {a.calls} | {a.prompt_tokens} (?) | {a.completion_tokens} | "
                f"? | {a.seconds:.1f} | ? |"
            )
            continue
        floor = m.floor(a.uncached, a.completion_tokens)
        print(
            f"| {a.id} | {a.calls} | {a.prompt_tokens} ({a.uncached}) | {a.completion_tokens} "
            f"| {floor:.1f} | {a.seconds:.1f} | {a.seconds / floor:.2f} |"
        )


def _side_by_side(runs: list[Measured]) -> None:
    if len(runs) < 2:
        return
    base = runs[0]
    print(
        "\n| runtime | slots | s/article | articles/hour | ratio to floor | micro-F1 | "
        f"speed-up over {base.runtime} |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for m in runs:
        n = len(m.articles)
        print(
            f"| {m.runtime} | {m.slots} | {m.wall / n:.1f} | {m.per_hour:.0f} | "
            f"{m.wall / m.floor_total:.2f} | {_fmt(m.micro_f1)} | {base.wall / m.wall:.2f}× |"
        )


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runtime", nargs="+", choices=[PYTHON, NATIVE], default=[PYTHON, NATIVE])
    parser.add_argument("--slots", nargs="+", type=int, default=[1])
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "bench-local")
    args = parser.parse_args()
    runs = [measure(r, n, args.out) for r in args.runtime for n in args.slots]
    report(runs)


if __name__ == "__main__":
    main()
