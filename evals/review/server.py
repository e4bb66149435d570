"""The review web app (Starlette) and how it is served on loopback.

Routes: `/` the queue, `/article/{id}` the article page, `POST /api/article/{id}` saves the
form as gold, `GET /api/place?q=…` looks a place up in the gazetteer. `serve` binds
127.0.0.1 on a free port and prints the URL; `running` does the same in a thread (tests and
the screenshot script).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from evals.review import pages
from evals.review.form import region_label
from evals.review.goldwrite import make_note, save_gold
from evals.review.session import ReviewSession, gazetteer
from extract.errors import KaochaError

HOST = "127.0.0.1"


def create_app(session: ReviewSession) -> Starlette:
    async def queue(request: Request) -> Response:
        return HTMLResponse(pages.queue_page(session))

    async def article(request: Request) -> Response:
        article_id = request.path_params["article_id"]
        if article_id not in session.paths:
            return HTMLResponse(f"no article {article_id!r} in this review", status_code=404)
        return HTMLResponse(pages.article_page(session, article_id))

    async def save(request: Request) -> Response:
        return await _save(session, request)

    async def place(request: Request) -> Response:
        return _place(request.query_params.get("q", ""), request.query_params.get("context", ""))

    routes = [
        Route("/", queue),
        Route("/article/{article_id:path}", article),
        Route("/api/article/{article_id:path}", save, methods=["POST"]),
        Route("/api/place", place),
    ]
    return Starlette(routes=routes)


async def _save(session: ReviewSession, request: Request) -> Response:
    article_id = request.path_params["article_id"]
    if article_id not in session.paths:
        return JSONResponse({"error": f"no article {article_id!r}"}, status_code=404)
    try:
        body: dict[str, Any] = await request.json()
        source = session.source(article_id).source_text
        note = make_note(session.reviewer, session.results[0].name, body.get("counts", {}), _now())
        saved = save_gold(
            session.gold_path(article_id), body.get("extraction"), source, gazetteer(), note
        )
    except KaochaError as e:
        return JSONResponse({"error": e.one_line()}, status_code=422)
    except ValueError as e:
        return JSONResponse({"error": f"not JSON: {e}"}, status_code=400)
    backup = str(saved.backup) if saved.backup else None
    return JSONResponse({"saved": str(saved.path), "backup": backup, "note": saved.note})


def _now() -> Any:
    import datetime as dt

    return dt.datetime.now().astimezone()


def _place(query: str, context: str) -> Response:
    if not query.strip():
        return JSONResponse({"error": "empty place"}, status_code=400)
    hints = tuple(c for c in context.split(",") if c)
    region = gazetteer().resolve(query.strip(), hints)
    return JSONResponse({"region": region.model_dump(mode="json"), "label": region_label(region)})


def free_socket(host: str = HOST) -> socket.socket:
    """A listening-ready socket bound to a free port of `host`."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    sock.listen(128)  # connections made before the server starts wait, not fail
    return sock


def _server(app: Starlette) -> Any:
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    return uvicorn.Server(config)


def serve(app: Starlette, announce: Callable[[str], None], port: int = 0) -> None:
    """Serve `app` on 127.0.0.1 (a free port unless `port`) until interrupted."""
    sock = free_socket() if port == 0 else socket.create_server((HOST, port))
    url = f"http://{HOST}:{sock.getsockname()[1]}/"
    announce(url)
    _server(app).run(sockets=[sock])


@contextlib.contextmanager
def running(app: Starlette, timeout: float = 20.0) -> Iterator[str]:
    """Serve `app` in a thread for the duration of the block; yields its URL."""
    sock = free_socket()
    server = _server(app)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://{HOST}:{sock.getsockname()[1]}/"
    finally:
        server.should_exit = True
        thread.join(timeout)
        sock.close()
