"""Running the pipeline against the recorded-response server (`fakes.openai_server`).

Its answers were recorded with prompt visit-v1 and the model settings of
`tests/fixtures/recorded-model.toml`; runs that replay them must use both.
"""

from __future__ import annotations

from pathlib import Path

from extract.pipeline.wiring import Options

ROOT = Path(__file__).resolve().parents[2]
MODEL_CONFIG = ROOT / "tests" / "fixtures" / "recorded-model.toml"
PROMPTS = ROOT / "prompts"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
VALID = [s for s in SEEDS if s.name[:3] in {"000", "003"}]  # recorded answers that validate


def recorded_options(
    base_url: str, log_path: Path | None = None, prompts_dir: Path = PROMPTS
) -> Options:
    return Options(
        model="recorded",
        prompt="visit-v1",  # the prompt the replayed answers were recorded with
        config_path=MODEL_CONFIG,
        base_url=base_url,
        prompts_dir=prompts_dir,
        log_path=log_path,
    )


def run_args(inputs: list[Path], out: Path, base_url: str) -> list[str]:
    """`kaocha run`'s arguments (after the program) for a run the server can answer."""
    return [
        "run",
        *map(str, inputs),
        "--out",
        str(out),
        "--base-url",
        base_url,
        "--prompt",
        str(PROMPTS / "visit-v1.toml"),
        "--config",
        str(MODEL_CONFIG),
        "--model",
        "recorded",
        "--no-cache",
    ]


def copies(folder: Path, count: int) -> Path:
    """`count` distinct articles in `folder`: the valid seeds, each with a numbered line."""
    folder.mkdir()
    for i in range(count):
        text = VALID[i % len(VALID)].read_text(encoding="utf-8")
        (folder / f"copy{i:03d}.txt").write_text(f"{text}\n（本文编号 {i:03d}）\n", "utf-8")
    return folder
