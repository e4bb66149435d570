"""A scripted OpenAI-compatible endpoint for unit tests: an httpx2 mock transport.

Each request takes the next scripted answer: a JSON document the "model" writes (as message
content, or as a tool call in tools mode), or an HTTP error with headers. Requests are kept
so tests can read what was sent, re-asks included.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2

from extract.llm.config import Mode, adhoc_model
from extract.llm.transport import RetryPolicy
from extract.pipeline.wiring import Options, open_extractor
from extract.text.clean import CleanedArticle
from schemas.record import ResultRecord


@dataclass
class HttpError:
    status: int
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class ScriptedModel:
    answers: list[Any]
    tools: bool = False
    requests: list[dict[str, Any]] = field(default_factory=list)
    usage: tuple[int, int] = (100, 20)

    def transport(self) -> httpx2.MockTransport:
        return httpx2.MockTransport(self._handle)

    def _handle(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        self.requests.append(body)
        if not self.answers:
            raise AssertionError(f"unscripted request #{len(self.requests)}")
        answer = self.answers.pop(0)
        if isinstance(answer, HttpError):
            return httpx2.Response(
                answer.status, headers=answer.headers, json={"error": {"message": "scripted"}}
            )
        text = answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)
        return httpx2.Response(200, json=self._completion(body, text))

    def _completion(self, body: dict[str, Any], text: str) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": text}
        if self.tools:
            name = body["tools"][0]["function"]["name"]
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": name, "arguments": text},
                    }
                ],
            }
        return {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "scripted"),
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            "usage": {
                "prompt_tokens": self.usage[0],
                "completion_tokens": self.usage[1],
                "total_tokens": sum(self.usage),
            },
        }


# --- one article against the scripted model -------------------------------------------

SEED_000 = Path("seeds/000_4ec079d0020130cf.txt")
FAST = RetryPolicy(attempts=3, base_wait=0.0, max_wait=0.0)


def good_draft(**changes: object) -> dict:
    visit = {
        "delegation_name": "海安市党政代表团",
        "delegation_kind": "党政代表团",
        "status": "completed",
        "origin": "海安",
        "destinations": ["嘉善县", "吴江区"],
        "date_text": "3月6日至7日",
        "delegation_members": [
            {
                "name": "谭真",
                "title": "市委书记",
                "role": "lead",
                "evidence": "市委书记谭真率党政代表团",
            }
        ],
        "hosts": [
            {
                "name": "江海洋",
                "title": "嘉兴市委常委、嘉善县委书记",
                "role": "host",
                "evidence": "嘉善县委书记江海洋代表嘉善县委、县政府",
            }
        ],
        "itinerary": [
            {
                "name": "浙大未来健康实验室",
                "kind": "research",
                "destination": "嘉善",
                "evidence": "走访考察了入驻其中的浙大未来健康实验室",
            }
        ],
        "topics": [
            {"domain": "科技创新", "detail": "科技创新", "evidence": "产业发展、科技创新、乡村振兴"}
        ],
        "evidence": "3月6日至7日,市委书记谭真率党政代表团前往浙江省嘉兴市嘉善县",
    }
    visit.update(changes)
    return {"is_study_visit": True, "visits": [visit]}


def run(
    article: CleanedArticle, model: ScriptedModel, tmp_path: Path, **options: object
) -> ResultRecord:
    mode = Mode.TOOLS if model.tools else Mode.JSON_SCHEMA
    config = options.pop("config", None) or adhoc_model(
        "scripted", "http://model.test/v1", mode=mode
    )
    opts = Options(adhoc=config, log_path=tmp_path / "calls.sqlite", **options)  # type: ignore[arg-type]

    async def go() -> ResultRecord:
        async with open_extractor(
            opts, inner_transport=model.transport(), policy=FAST
        ) as extractor:
            return await extractor.extract(article)

    return asyncio.run(go())


# --- step answers for seed 000 (prompt visit-v2/v3: one answer per step) -------------

SKELETON = {
    "is_study_visit": True,
    "visits": [
        {
            "delegation_name": "海安党政代表团",
            "delegation_kind": "党政代表团",
            "status": "completed",
            "origin": "海安",
            "destinations": ["嘉善县", "吴江区"],
            "date_text": "3月6日至7日",
        }
    ],
}
PEOPLE = {
    "people": [
        {"name": "谭真", "role": "lead"},
        {"name": "赵男男", "role": "member"},
        {"name": "江海洋", "role": "host"},
        {"name": "李铭", "role": "host"},
        {"name": "严长江", "role": "none"},
    ]
}
STOPS = {
    "stops": [
        {"name": "浙大未来健康实验室", "kind": "research", "destination": "嘉善县"},
        {"name": "恒力集团", "kind": "enterprise", "destination": "吴江区"},
    ]
}
TOPICS = {"domains": ["乡村振兴", "科技创新"]}
EVENTS = {"meetings": [], "agreements": []}


def answers(**replace: object) -> list[object]:
    steps = {
        "skeleton": SKELETON,
        "people": PEOPLE,
        "itinerary": STOPS,
        "topics": TOPICS,
        "events": EVENTS,
    }
    steps.update(replace)
    return list(steps.values())
