"""The OpenAPI description of the search API, generated from the registered SearchSpecs so it
cannot drift from what the API accepts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse

from portal.api import read_only_api
from portal.i18n import language_codes
from portal.search.query import MAX_PAGE, MAX_PAGE_SIZE
from portal.search.requests import SearchSpec, get_spec
from portal.search.text import MAX_QUERY_LENGTH

ENDPOINTS = {
    "/api/v1/experts": ("experts", "Search the experts directory (published profiles, public fields only)"),
    "/api/v1/knowledge": ("knowledge", "Search case studies, training materials and forum reports"),
}


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
            "schema": {"type": "string", "enum": list(spec.sorts), "default": "relevance"},
        },
        {
            "name": "page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        },
        {
            "name": "page_size",
            "in": "query",
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PAGE_SIZE,
                "default": spec.default_page_size,
            },
        },
        {
            "name": "lang",
            "in": "query",
            "schema": {"type": "string", "enum": languages},
            "description": "Language of the texts and URLs in the answer (default: English).",
        },
    ]
    for parameter in spec.filters:
        schema: dict[str, Any] = {"type": "integer"} if parameter.numeric else {"type": "string"}
        parameters.append(
            {
                "name": parameter.name,
                "in": "query",
                "style": "form",
                "explode": True,
                "schema": {"type": "array", "items": schema},
                "description": f"{parameter.label} (repeat for OR; different parameters combine with AND)",
            }
        )
    return parameters


ERROR = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "reasons": {"type": "array", "items": {"type": "string"}}},
}


def openapi_document() -> dict[str, Any]:
    paths = {}
    for path, (name, summary) in ENDPOINTS.items():
        spec = get_spec(name)
        paths[path] = {
            "get": {
                "summary": summary,
                "parameters": _parameters(spec),
                "responses": {
                    "200": {
                        "description": "A page of results with facet counts",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/SearchAnswer"}}
                        },
                    },
                    "400": {
                        "description": "A parameter is not acceptable; `reasons` says which",
                        "content": {"application/json": {"schema": ERROR}},
                    },
                    "503": {
                        "description": "The search engine is not answering",
                        "content": {"application/json": {"schema": ERROR}},
                    },
                },
            }
        }
    paths["/api/v1/twinning/suggestions"] = {
        "get": {
            "summary": "Suggested mentor cities and experts for a learning city and one or more actions",
            "parameters": [
                {
                    "name": "city",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string"},
                    "description": "Learning city slug",
                },
                {
                    "name": "action",
                    "in": "query",
                    "required": True,
                    "style": "form",
                    "explode": True,
                    "schema": {"type": "array", "items": {"type": "string"}},
                    "description": "Action slugs (repeatable)",
                },
                {
                    "name": "lang",
                    "in": "query",
                    "schema": {"type": "string", "enum": list(language_codes())},
                },
            ],
            "responses": {
                "200": {
                    "description": "Ranked cities and experts, each with the reasons in words",
                    "content": {
                        "application/json": {"schema": {"type": "object", "required": ["cities", "experts"]}}
                    },
                },
                "400": {
                    "description": "Unknown city or action",
                    "content": {"application/json": {"schema": ERROR}},
                },
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Clean Air Knowledge Exchange search API", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": {
                "SearchAnswer": {
                    "type": "object",
                    "required": ["count", "page", "page_size", "results", "facets", "engine"],
                    "properties": {
                        "count": {"type": "integer"},
                        "page": {"type": "integer"},
                        "page_size": {"type": "integer"},
                        "results": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["pinned", "found_by_meaning"],
                                "properties": {
                                    "pinned": {
                                        "type": "boolean",
                                        "description": "An editors' pick for this query (first on page 1)",
                                    },
                                    "found_by_meaning": {
                                        "type": "boolean",
                                        "description": "Found by hybrid search's meaning match, not by the words",
                                    },
                                    "meaning_language": {
                                        "type": "string",
                                        "description": "With found_by_meaning: the language of the matching text",
                                    },
                                },
                            },
                        },
                        "facets": {
                            "type": "object",
                            "additionalProperties": {
                                "type": "object",
                                "additionalProperties": {"type": "integer"},
                            },
                        },
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
            }
        },
    }


@read_only_api
def openapi_view(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document())
