"""Structured (JSON) answers from chat endpoints that support more or less of OpenAI's API.

Three ways to ask, strongest first: `json_schema` (OpenAI, vLLM), `json_object` with a `schema`
(llama_cpp.server constrains its output to it), then plain instructions. Whatever comes back is
parsed and validated with pydantic, so a weaker mode is never trusted blindly.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

JsonMode = Literal["json_schema", "json_object", "plain"]
JSON_MODES: tuple[JsonMode, ...] = ("json_schema", "json_object", "plain")

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.IGNORECASE)


def request_for(mode: JsonMode, system: str, user: str, schema: type[BaseModel]) -> dict[str, Any]:
    """The `messages` and `response_format` arguments for one way of asking."""
    schema_json = schema.model_json_schema()
    instructions = "Answer with a single JSON object and nothing else."
    if mode == "plain":
        instructions += (
            " No prose and no code fences. It must match this JSON Schema:\n"
            + json.dumps(schema_json)
        )
    messages = [
        {"role": "system", "content": f"{system}\n\n{instructions}"},
        {"role": "user", "content": user},
    ]
    request: dict[str, Any] = {"messages": messages}
    if mode == "json_schema":
        request["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": schema.__name__, "schema": schema_json, "strict": False},
        }
    elif mode == "json_object":
        request["response_format"] = {"type": "json_object", "schema": schema_json}
    return request


def parse_answer(text: str, schema: type[BaseModel]) -> dict[str, Any]:
    """The JSON object in `text`, validated against `schema`; ValueError saying why if not."""
    body = _FENCE.sub("", text.strip())
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end <= start:
        raise ValueError("the answer held no JSON object")
    try:
        # strict=False: llama.cpp's JSON grammar lets raw newlines into strings.
        data = json.loads(body[start : end + 1], strict=False)
    except json.JSONDecodeError as exc:
        raise ValueError(f"the answer was not valid JSON ({exc.msg})") from None
    try:
        return schema.model_validate(data).model_dump(mode="json")
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "(top level)"
        raise ValueError(
            f"the answer did not match the expected shape ({where}: {first.get('msg')})"
        ) from None
