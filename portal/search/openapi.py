"""The OpenAPI description of the JSON API, generated from the declarations the API validates with
(the registered SearchSpecs and their portal.filters.Filter parameters), so it cannot drift from
what the API accepts: a filter's values are an enum of today's vocabulary, built per request.

The rules it describes (portal.filters): a filter value is matched exactly, except ISO country and
language codes in either case; an empty value means no filter; anything else answers 400.
"""

from __future__ import annotations

import copy
from typing import Any

from django.http import HttpRequest, JsonResponse

from portal.api import read_only_api
from portal.filters import Filter
from portal.i18n import language_codes
from portal.search.query import MAX_PAGE, MAX_PAGE_SIZE
from portal.search.requests import SearchSpec, get_spec
from portal.search.text import MAX_QUERY_LENGTH

ENDPOINTS = {
    "/api/v1/experts": ("experts", "Search the experts directory (published profiles, public fields only)"),
    "/api/v1/knowledge": ("knowledge", "Search case studies, training materials and forum reports"),
}
# An empty value is the same as leaving the parameter out (as a GET form sends an unset field).
EMPTY = {"type": "string", "maxLength": 0}


def _either_case(value: str) -> str:
    return "".join(f"[{char.upper()}{char.lower()}]" if char.isalpha() else char for char in value)


def filter_value_schema(parameter: Filter) -> dict[str, Any]:
    """JSON Schema of one value of ``parameter``, as portal.filters.parse_filters accepts it."""
    if parameter.pattern:
        return {"type": "string", "pattern": f"^(?:{parameter.pattern})?$"}
    values = list(parameter.value_labels())
    schema: dict[str, Any] = {"type": "string", "enum": [*values, ""]}
    if parameter.normalize is None or not values:
        return schema
    # Codes readers type by hand are accepted in either case: the enum lists the spelling the
    # portal writes, the pattern says what else is accepted.
    either = "|".join(_either_case(value) for value in values)
    return {"anyOf": [schema, {"type": "string", "pattern": f"^(?:{either})$"}]}


def _page_number(maximum: int, default: int) -> dict[str, Any]:
    return {"anyOf": [{"type": "integer", "minimum": 1, "maximum": maximum, "default": default}, EMPTY]}


def _parameters(spec: SearchSpec) -> list[dict[str, Any]]:
    languages = list(language_codes())
    parameters: list[dict[str, Any]] = [
        {
            "name": "q",
            "in": "query",
            "schema": {"type": "string", "maxLength": MAX_QUERY_LENGTH},
            "description": "Words in any of the four languages; typos and missing tone marks are tolerated.",
        },
        {
            "name": "sort",
            "in": "query",
            "schema": {"type": "string", "enum": [*spec.sorts, ""], "default": "relevance"},
            "description": "Empty means relevance.",
        },
        {"name": "page", "in": "query", "schema": _page_number(MAX_PAGE, 1)},
        {"name": "page_size", "in": "query", "schema": _page_number(MAX_PAGE_SIZE, spec.default_page_size)},
        {
            "name": "lang",
            "in": "query",
            "schema": {"type": "string", "enum": [*languages, ""]},
            "description": "Language of the texts and URLs in the answer (empty or absent: English).",
        },
    ]
    for parameter in spec.filters:
        parameters.append(
            {
                "name": parameter.name,
                "in": "query",
                "style": "form",
                "explode": True,
                "schema": {"type": "array", "items": filter_value_schema(parameter)},
                "description": (
                    f"{parameter.label}. Repeat for OR; different parameters combine with AND. "
                    "An empty value means no filter; an unknown value answers 400."
                ),
            }
        )
    return parameters


ERROR = {
    "type": "object",
    "required": ["error", "reasons"],
    "properties": {"error": {"type": "string"}, "reasons": {"type": "array", "items": {"type": "string"}}},
}
ERROR_RESPONSES = {
    "400": {
        "description": "A parameter is not acceptable; `reasons` says which, one line each",
        "content": {"application/json": {"schema": ERROR}},
    },
    "405": {
        "description": "Only GET and HEAD are answered",
        "content": {"application/json": {"schema": ERROR}},
    },
}
# What the API adds to every result, whichever collection it comes from.
RESULT_FLAGS = {
    "pinned": {"type": "boolean", "description": "An editors' pick for this query (first on page 1)"},
    "found_by_meaning": {
        "type": "boolean",
        "description": "Found by hybrid search's meaning match, not by the words",
    },
    "meaning_language": {
        "type": "string",
        "description": "With found_by_meaning: the language of the matching text",
    },
    "meaning_note": {"type": "string", "description": "With found_by_meaning: says so in words"},
}


def _result_schema(spec: SearchSpec) -> dict[str, Any]:
    schema = copy.deepcopy(dict(spec.result_schema)) or {"type": "object"}
    schema.setdefault("properties", {}).update(RESULT_FLAGS)
    schema["required"] = [*schema.get("required", []), "pinned", "found_by_meaning"]
    return schema


def _answer_schema(spec: SearchSpec, result_name: str) -> dict[str, Any]:
    return {
        "allOf": [
            {"$ref": "#/components/schemas/SearchAnswer"},
            {
                "type": "object",
                "properties": {
                    "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{result_name}"}},
                    "facets": {
                        "type": "object",
                        "description": "Per filter: value → how many results it gives with the other filters",
                        "properties": {
                            name: {
                                "type": "object",
                                "additionalProperties": {"type": "integer", "minimum": 0},
                            }
                            for name in spec.facets
                        },
                        "additionalProperties": False,
                    },
                },
            },
        ]
    }


def _twinning_operation(knowledge: SearchSpec) -> dict[str, Any]:
    """GET /api/v1/twinning/suggestions; its city and action slugs are the knowledge filters'."""
    city, action = knowledge.filter_parameter("city"), knowledge.filter_parameter("action")
    cities = list(city.value_labels()) if city else []
    actions = list(action.value_labels()) if action else []
    return {
        "get": {
            "summary": "Suggested mentor cities and experts for a learning city and one or more actions",
            "parameters": [
                {
                    "name": "city",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string", "enum": cities},
                    "description": "Learning city slug (required: an empty value answers 400)",
                },
                {
                    "name": "action",
                    "in": "query",
                    "required": True,
                    "style": "form",
                    "explode": True,
                    "schema": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": actions}},
                    "description": "Action slugs (repeatable; at least one)",
                },
                {
                    "name": "lang",
                    "in": "query",
                    "schema": {"type": "string", "enum": [*language_codes(), ""]},
                    "description": "Language of the names and reasons (empty or absent: English)",
                },
            ],
            "responses": {
                "200": {
                    "description": "Ranked cities and experts, each with the reasons in words",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/TwinningSuggestions"}}
                    },
                },
                **ERROR_RESPONSES,
            },
        }
    }


_REASONS = {"type": "array", "items": {"type": "string"}, "description": "Why, in words"}
TWINNING_SCHEMAS = {
    "TwinningSuggestions": {
        "type": "object",
        "required": ["cities", "experts"],
        "properties": {
            "cities": {"type": "array", "items": {"$ref": "#/components/schemas/CitySuggestion"}},
            "experts": {"type": "array", "items": {"$ref": "#/components/schemas/ExpertSuggestion"}},
        },
    },
    "CitySuggestion": {
        "type": "object",
        "required": ["slug", "name", "country", "country_name", "score", "reasons"],
        "properties": {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "country": {"type": "string", "description": "ISO 3166-1 alpha-2 code"},
            "country_name": {"type": "string"},
            "score": {"type": "number", "description": "Higher is a stronger match; only the order matters"},
            "reasons": _REASONS,
        },
    },
    "ExpertSuggestion": {
        "type": "object",
        "required": ["name", "url", "city", "city_slug", "country", "country_name", "score", "reasons"],
        "properties": {
            "name": {"type": "string"},
            "url": {"type": "string"},
            "city": {"type": "string"},
            "city_slug": {"type": "string"},
            "country": {"type": "string"},
            "country_name": {"type": "string"},
            "score": {"type": "number"},
            "reasons": _REASONS,
        },
    },
}

SEARCH_ANSWER = {
    "type": "object",
    "required": ["count", "page", "page_size", "results", "facets", "engine"],
    "properties": {
        "count": {"type": "integer", "minimum": 0},
        "page": {"type": "integer", "minimum": 1},
        "page_size": {"type": "integer", "minimum": 1},
        "results": {"type": "array", "items": {"type": "object"}},
        "facets": {"type": "object"},
        "engine": {"type": "string", "enum": ["embedded", "meilisearch"]},
        "matched_all_words": {
            "type": "boolean",
            "description": (
                "False when no result has every word of q that counts (stop words and "
                "words naming the collection, such as 'expert', never count): the "
                "results are those matching the most, and the rarest, of the words. "
                "Added in version 1; absent from older answers means true."
            ),
        },
        "suggestion": {
            "type": ["string", "null"],
            "description": (
                "q with each word that only a typo matched spelled as the results "
                "write it ('Did you mean …'), or null. Added in version 1."
            ),
        },
    },
}


def openapi_document() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {"SearchAnswer": SEARCH_ANSWER, **TWINNING_SCHEMAS}
    for path, (name, summary) in ENDPOINTS.items():
        spec = get_spec(name)
        result_name = f"{name.capitalize()}Result"
        schemas[result_name] = _result_schema(spec)
        paths[path] = {
            "get": {
                "summary": summary,
                "parameters": _parameters(spec),
                "responses": {
                    "200": {
                        "description": "A page of results with facet counts",
                        "content": {"application/json": {"schema": _answer_schema(spec, result_name)}},
                    },
                    **ERROR_RESPONSES,
                    "503": {
                        "description": "The search engine is not answering",
                        "content": {"application/json": {"schema": ERROR}},
                    },
                },
            }
        }
    paths["/api/v1/twinning/suggestions"] = _twinning_operation(get_spec("knowledge"))
    return {
        "openapi": "3.1.0",
        "info": {"title": "Clean Air Knowledge Exchange search API", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


@read_only_api
def openapi_view(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
