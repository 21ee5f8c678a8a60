"""Check a JSON value against a JSON Schema of the API description (tests only).

The keywords the portal's description uses (type, enum, required, properties,
additionalProperties, items, minItems, minimum, maximum, maxLength, pattern, anyOf, allOf and
local $ref), with the JSON Schema meaning of each; annotations (title, description, default)
change nothing. schemathesis (tests/search_behaviour/test_api_schemathesis.py) checks the whole description
with generated requests; this checks chosen real answers and says where they break it.
"""

from __future__ import annotations

import re
from typing import Any

TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
KNOWN = {
    "type",
    "enum",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "minItems",
    "minimum",
    "maximum",
    "maxLength",
    "pattern",
    "anyOf",
    "allOf",
    "$ref",
    "description",
    "default",
    "title",
}


def errors(value: Any, schema: dict[str, Any], document: dict[str, Any], path: str = "$") -> list[str]:
    """Every way ``value`` breaks ``schema`` (empty when it conforms), with a JSON path each."""
    unknown = set(schema) - KNOWN
    assert not unknown, f"{path}: schema keywords this checker does not know: {sorted(unknown)}"
    found: list[str] = []
    if "$ref" in schema:
        target: Any = document
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        found += errors(value, target, document, path)
    for part in schema.get("allOf", []):
        found += errors(value, part, document, path)
    if "anyOf" in schema and all(errors(value, part, document, path) for part in schema["anyOf"]):
        found.append(f"{path}: {value!r} matches none of anyOf")
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(TYPES[name](value) for name in types):
            return [*found, f"{path}: {value!r} is not of type {types}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{path}: {value!r} is not one of {schema['enum'][:10]}")
    if isinstance(value, str):
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            found.append(f"{path}: longer than {schema['maxLength']}")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if TYPES["number"](value):
        if "minimum" in schema and value < schema["minimum"]:
            found.append(f"{path}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            found.append(f"{path}: {value} > {schema['maximum']}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            found.append(f"{path}: fewer than {schema['minItems']} items")
        for index, item in enumerate(value):
            if "items" in schema:
                found += errors(item, schema["items"], document, f"{path}[{index}]")
    if isinstance(value, dict):
        found += [f"{path}: {name!r} is missing" for name in schema.get("required", []) if name not in value]
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            if name in properties:
                found += errors(item, properties[name], document, f"{path}.{name}")
            elif extra is False:
                found.append(f"{path}: {name!r} is not described")
            elif isinstance(extra, dict):
                found += errors(item, extra, document, f"{path}.{name}")
    return found


def response_schema(document: dict[str, Any], path: str, status: int) -> dict[str, Any]:
    return document["paths"][path]["get"]["responses"][str(status)]["content"]["application/json"]["schema"]


def parameter_schema(document: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    parameters = document["paths"][path]["get"]["parameters"]
    return next(parameter["schema"] for parameter in parameters if parameter["name"] == name)
