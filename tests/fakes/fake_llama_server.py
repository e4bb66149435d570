"""A stand-in for `python -m llama_cpp.server`: serves GET /v1/models on --port.

Accepts the same flags as the real server and ignores all but --port and --model_alias.
With --crash (or env FAKE_SERVER_CRASH=1) it writes an error to its log and exits 3.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--model_alias", default="fake-model")
    parser.add_argument("--crash", action="store_true")
    args, _unknown = parser.parse_known_args()
    if args.crash or os.environ.get("FAKE_SERVER_CRASH") == "1":
        print("fake server: failed to load model: bad magic", file=sys.stderr, flush=True)
        sys.exit(3)
    print(f"fake server listening on {args.host}:{args.port}", flush=True)
    HTTPServer((args.host, args.port), _handler(args.model_alias)).serve_forever()


def _handler(alias: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path != "/v1/models":
                self.send_error(404)
                return
            body = json.dumps({"object": "list", "data": [{"id": alias}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


if __name__ == "__main__":
    main()
