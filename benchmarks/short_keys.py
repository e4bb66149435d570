"""What short keys and choices by index would save of the model's answers, in tokens.

    python benchmarks/short_keys.py                       # the default prompt's cassette
    python benchmarks/short_keys.py tests/cassettes/visit-v3.yaml

Reads every answer the embedded model gave in the recorded cassette (skeleton, people,
itinerary, re-asks included), writes each as compact JSON, then as the same JSON with
one-letter keys (delegation_name → n) and, for the itinerary, each stop's destination as
the index of the destinations listed (0, 1 …), and counts the tokens of each with the
model's own tokenizer (the GGUF file's vocabulary; nothing is generated). Prints tokens by
step and the ratio of the short form to today's: what a prompt written for short keys could
save of generation, before asking whether the small model answers as well with them.
Needs llama-cpp-python and the model file (`kaocha model path`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# One letter for each key of the step answers: what a prompt for short keys would ask for.
SHORT = {
    "is_study_visit": "v",
    "visits": "t",
    "delegation_name": "n",
    "delegation_kind": "k",
    "status": "s",
    "origin": "o",
    "destinations": "d",
    "date_text": "w",
    "people": "p",
    "name": "n",
    "role": "r",
    "stops": "s",
    "kind": "k",
    "destination": "d",
}
STEP_KEYS = (("visits", "skeleton"), ("people", "people"), ("stops", "itinerary"))


def answers(cassette: Path) -> list[dict[str, Any]]:
    """The JSON answers recorded in a cassette, in order."""
    import yaml

    found = []
    for interaction in yaml.safe_load(cassette.read_text(encoding="utf-8"))["interactions"]:
        try:
            body = json.loads(interaction["response"]["body"]["string"])
            found.append(json.loads(body["choices"][0]["message"]["content"] or ""))
        except (KeyError, IndexError, TypeError, ValueError):
            continue  # an error response, or an answer that is no JSON
    return [a for a in found if isinstance(a, dict)]


def step_of(answer: dict[str, Any]) -> str | None:
    return next((step for key, step in STEP_KEYS if key in answer), None)


def shortened(value: Any) -> Any:
    if isinstance(value, dict):
        return {SHORT.get(k, k): shortened(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shortened(v) for v in value]
    return value


def by_index(answer: dict[str, Any]) -> dict[str, Any]:
    """A short itinerary answer with each stop's destination as an index."""
    places: list[str] = []
    stops = []
    for stop in answer.get("s", []):
        stop = dict(stop)
        if isinstance(stop.get("d"), str):
            if stop["d"] not in places:
                places.append(stop["d"])
            stop["d"] = places.index(stop["d"])
        stops.append(stop)
    return {**answer, "s": stops}


def compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "cassette", nargs="?", type=Path, default=Path("tests/cassettes/visit-v3.yaml")
    )
    args = parser.parse_args()
    from llama_cpp import Llama

    from extract.llm.local.modelfile import model_path

    vocab = Llama(model_path=str(model_path()), vocab_only=True, verbose=False)

    def tokens(text: str) -> int:
        return len(vocab.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    today: Counter[str] = Counter()
    short: Counter[str] = Counter()
    count: Counter[str] = Counter()
    for answer in answers(args.cassette):
        step = step_of(answer)
        if step is None:
            continue
        brief = shortened(answer)
        if step == "itinerary":
            brief = by_index(brief)
        count[step] += 1
        today[step] += tokens(compact(answer))
        short[step] += tokens(compact(brief))
    print(f"{'step':<10} {'answers':>7} {'today':>7} {'short':>7} {'short ÷ today':>14}")
    for _, step in STEP_KEYS:
        ratio = short[step] / today[step] if today[step] else 0.0
        print(f"{step:<10} {count[step]:>7} {today[step]:>7} {short[step]:>7} {ratio:>14.3f}")
    total, total_short = sum(today.values()), sum(short.values())
    print(
        f"{'all':<10} {sum(count.values()):>7} {total:>7} {total_short:>7} {total_short / total:>14.3f}"
    )


if __name__ == "__main__":
    main()
