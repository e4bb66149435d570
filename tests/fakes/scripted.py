"""A scripted OpenAI-compatible endpoint for unit tests: an httpx2 mock transport.

Each request takes the next scripted answer: a JSON document the "model" writes (as message
content, or as a tool call in tools mode), or an HTTP error with headers. Requests are kept
so tests can read what was sent, re-asks included.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx2


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
