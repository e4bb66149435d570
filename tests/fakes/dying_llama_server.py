"""A stand-in for the local llama.cpp server that crashes mid-run, as a native build with
AMX tile instructions does on a CPU whose OS does not allow them.

Takes the local server's flags (only --port matters), answers like `fakes.openai_server`
from the recorded responses, and after ``FAKE_DIE_AFTER`` completions (default 2) writes a
fault line to its log and kills itself with SIGSEGV.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fakes import openai_server  # noqa: E402

FAULT = "general protection fault in ggml_backend_amx_mul_mat at ldtilecfg"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args, _unknown = parser.parse_known_args()
    die_after = int(os.environ.get("FAKE_DIE_AFTER", "2"))
    answer = openai_server._completion

    async def completion(state: openai_server.Behaviour, body: bytes) -> bytes:
        if state.calls >= die_after:
            print(FAULT, file=sys.stderr, flush=True)
            os.kill(os.getpid(), signal.SIGSEGV)
        return await answer(state, body)

    openai_server._completion = completion  # type: ignore[assignment]
    state = openai_server.Behaviour(0.05, recordings=openai_server.load_recordings())
    asyncio.run(openai_server.serve(args.port, state))


if __name__ == "__main__":
    main()
