"""Record the extraction of every labeled article (the seeds, the development set and its pair
pages) against a real model server into one cassette.

    python scripts/record_cassettes.py                  # the local model, the default prompt
    python scripts/record_cassettes.py --set seeds      # only the five seeds (the rest dropped)
    python scripts/record_cassettes.py --prompt visit-v1
    python scripts/record_cassettes.py --base-url http://127.0.0.1:8080/v1   # a server you run
    python scripts/record_cassettes.py --update     # ask the server only what is not recorded

With --update, a request the cassette already holds is answered from it (it was recorded from
the same server and model), only new requests go to the server, and recordings that no
request asks for any more are dropped: after a change that alters a few articles' requests,
only those are asked again. Its seconds per article then count replayed calls as instant.

Writes tests/cassettes/<prompt-id>.yaml and, beside it, <prompt-id>.results.jsonl with the
records the pipeline made while recording; the offline tests replay the cassette and must
reproduce those records exactly. Run it again whenever a prompt or a schema changes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import sys
from pathlib import Path

from evals.live import set_inputs
from evals.sets import RECORDED, resolve_sets
from extract.batch.runner import RunPlan, run_batch
from extract.llm.cassettes import cassette, cassette_path, recorded_results
from extract.llm.local.runtime import RUNTIME_ENV
from extract.pipeline.wiring import Options, prompt_name


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--prompt", default=None, help="prompt id (default: the configured default)")
    p.add_argument("--model", default=None, help="model name (default: the local model)")
    p.add_argument("--base-url", default=None, help="use a model server that is already running")
    p.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=None,
        help="labeled set to record (seeds, dev-tune, dev-check, pairs, all; default all and pairs)",
    )
    p.add_argument(
        "--update",
        action="store_true",
        help="keep the recordings that requests still ask for; send only new requests",
    )
    return p.parse_args()


async def record(args: argparse.Namespace) -> int:
    if args.base_url is None:
        # Replay sends each request as llama-cpp-python's server takes it (the JSON schema in
        # `response_format`); llama-server would get a grammar built by llama-cpp-python,
        # which the offline tests do not install. So the local model is recorded through the
        # Python server, whose requests replay as they were sent.
        os.environ[RUNTIME_ENV] = "python"
    options = Options(model=args.model, prompt=args.prompt, base_url=args.base_url, log_path=None)
    prompt_id = prompt_name(options)
    tape, results = cassette_path(prompt_id), recorded_results(prompt_id)
    inputs = tuple(set_inputs(resolve_sets(args.sets or list(RECORDED))))
    # Recorded beside the old cassette, which is replaced only by a complete recording.
    new_tape, new_results = _part(tape), _part(results)
    tape.parent.mkdir(parents=True, exist_ok=True)
    new_tape.unlink(missing_ok=True)
    new_results.unlink(missing_ok=True)
    if args.update and tape.exists():
        shutil.copyfile(tape, new_tape)
    plan = RunPlan(inputs, new_results, concurrency=1, cache_path=None)
    with cassette(new_tape, "new_episodes" if args.update else "all"):
        summary = await run_batch(options, plan)
    if summary.done + summary.failed != len(inputs):
        print(f"recording incomplete; {tape} is unchanged", file=sys.stderr)
        return 1
    new_tape.replace(tape)
    new_results.replace(results)
    print(
        f"recorded {summary.done} articles ({summary.failed} failed) into {tape}; "
        f"{summary.seconds_per_article:.1f} s per article"
    )
    return 0


def _part(path: Path) -> Path:
    return path.with_name(path.name + ".part")


def _stop_on_sigterm() -> None:
    """`kill` stops a recording as Ctrl-C does: the local server it started is stopped too,
    and the old cassette is left as it was."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


if __name__ == "__main__":
    _stop_on_sigterm()
    sys.exit(asyncio.run(record(parse_args())))
