"""GET /api/v1/<collection>: one operation per registered SearchSpec with an ApiOperation (its
path and summary), whose declaration (parameters and answer, built from the spec) validates,
shapes and describes.

The rules the parameters follow are portal.filters' and portal.search.requests': a filter value is
matched exactly, except ISO country and language codes in either case; an empty value means no
filter (or the default, for ``sort``, ``page`` and ``page_size``); anything else answers 400 with
one reason per parameter, in the language asked for.
"""

# No ``from __future__ import annotations``: ninja reads the operations' annotations at run time,
# and they are built here from each spec.

import json
import logging
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field, create_model

from portal.api import ApiError, Checked, Refused, UnicodeJSONRenderer, get_and_head, language_parameter
from portal.filters import Filter, parse_filters
from portal.i18n import DEFAULT_LANGUAGE
from portal.search.engines.base import SearchEngineError
from portal.search.query import MAX_PAGE, MAX_PAGE_SIZE, InvalidSearchQuery, SearchQuery
from portal.search.requests import SearchSpec, api_specs, whole_number_in
from portal.search.stats import record_search
from portal.search.text import MAX_QUERY_LENGTH
from portal.search.views import search_with

__all__ = ["filter_value_schema", "search_router"]

logger = logging.getLogger(__name__)

# How long a client should wait before asking again while the engine is down (503 answers).
RETRY_AFTER_S = 60
# An empty value is the same as leaving the parameter out (as a GET form sends an unset field).
EMPTY = {"type": "string", "maxLength": 0}


# --- Parameters -----------------------------------------------------------------------------------


def _absent() -> Any:
    """The default of a parameter whose check gives its default value ("" → relevance, page 1…)."""
    return Field(default="", validate_default=True)


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


def filter_values(parameter: Filter) -> Checked:
    """A repeatable filter parameter: its known values (normalised, "" dropped), else 400."""

    def check(values: list[str]) -> list[str]:
        selection = parse_filters({parameter.name: values}, filters=[parameter])
        reasons = selection.reasons()
        if reasons:
            raise Refused("; ".join(reasons))
        return selection.values(parameter.name)

    def schema() -> dict[str, Any]:
        return {
            "type": "array",
            "items": filter_value_schema(parameter),
            "description": (
                f"{parameter.label}. Repeat for OR; different parameters combine with AND. "
                "An empty value means no filter; an unknown value answers 400."
            ),
        }

    return Checked(check, schema)


def whole_number(name: str, *, high: int, default: int) -> Checked:
    """``page``/``page_size``: ASCII digits from 1 to ``high``; "" means ``default``."""

    def check(raw: str) -> int:
        if raw == "":
            return default
        try:
            return whole_number_in(raw, name=name, low=1, high=high)
        except ValueError as error:
            raise Refused(str(error)) from None

    return Checked(
        check,
        lambda: {"anyOf": [{"type": "integer", "minimum": 1, "maximum": high, "default": default}, EMPTY]},
    )


def _query_text(raw: str) -> str:
    if len(raw) > MAX_QUERY_LENGTH:
        raise Refused(_("q must be at most %(count)s characters") % {"count": MAX_QUERY_LENGTH})
    return raw


def sort_order(sorts: list[str]) -> Checked:
    def check(raw: str) -> str:
        name = raw or "relevance"
        if name not in sorts:
            raise Refused(
                _("sort must be one of %(choices)s, not %(value)r")
                % {"choices": ", ".join(sorts), "value": name[:40]}
            )
        return name

    schema = {
        "type": "string",
        "enum": [*sorts, ""],
        "default": "relevance",
        "description": "Empty means relevance.",
    }
    return Checked(check, lambda: dict(schema))


def search_parameters(spec: SearchSpec, name: str) -> type[BaseModel]:
    """The query parameters of one collection's search, each a type that checks and describes."""
    fields: dict[str, Any] = {
        "q": (
            Annotated[
                str,
                Checked(
                    _query_text,
                    lambda: {
                        "type": "string",
                        "maxLength": MAX_QUERY_LENGTH,
                        # No NUL: refused for every address (portal.security.RejectNulBytesMiddleware).
                        "pattern": "^[^\\x00]*$",
                        "description": (
                            "Words in any of the four languages; typos and missing tone marks are tolerated."
                        ),
                    },
                ),
            ],
            "",
        ),
        # Absent is the same as empty: the check turns both into the default.
        "sort": (Annotated[str, sort_order(list(spec.sorts))], _absent()),
        "page": (Annotated[str, whole_number("page", high=MAX_PAGE, default=1)], _absent()),
        "page_size": (
            Annotated[str, whole_number("page_size", high=MAX_PAGE_SIZE, default=spec.default_page_size)],
            _absent(),
        ),
        "lang": (
            Annotated[
                str,
                language_parameter(
                    "Language of the texts and URLs in the answer (empty or absent: English)."
                ),
            ],
            "",
        ),
    }
    for parameter in spec.filters:
        fields[parameter.name] = (Annotated[list[str], filter_values(parameter)], Field(default_factory=list))
    return create_model(f"{name.capitalize()}SearchParameters", __base__=BaseModel, **fields)


# --- Answers --------------------------------------------------------------------------------------


class ResultFlags(BaseModel):
    """What the API adds to every result, whichever collection it comes from."""

    pinned: bool = Field(description="An editors' pick for this query (first on page 1)")
    found_by_meaning: bool = Field(description="Found by hybrid search's meaning match, not by the words")
    # Only with found_by_meaning (answers leave them out otherwise).
    meaning_language: str | None = Field(
        None, description="With found_by_meaning: the language of the matching text"
    )
    meaning_note: str | None = Field(None, description="With found_by_meaning: says so in words")


class SearchAnswer(BaseModel):
    count: int = Field(ge=0)
    page: int = Field(ge=1)
    page_size: int = Field(ge=1)
    engine: Literal["embedded", "meilisearch"]
    matched_all_words: bool = Field(
        True,
        description=(
            "False when no result has every word of q that counts (stop words and words naming "
            "the collection, such as 'expert', never count): the results are those matching the "
            "most, and the rarest, of the words. Added in version 1; absent from older answers "
            "means true."
        ),
    )
    suggestion: str | None = Field(
        None,
        description=(
            "q with each word that only a typo matched spelled as the results write it "
            "('Did you mean …'), or null. Added in version 1."
        ),
    )


class Facets(BaseModel):
    """Per filter: value → how many results it gives with the other filters."""

    model_config = ConfigDict(extra="forbid")


def search_answer(spec: SearchSpec, name: str) -> type[BaseModel]:
    title = name.capitalize()
    result = create_model(f"{title}Result", __base__=(spec.result_model, ResultFlags))
    facets = create_model(
        f"{title}Facets",
        __base__=Facets,
        **{parameter: (dict[str, Annotated[int, Field(ge=0)]], None) for parameter in spec.facets},
    )
    return create_model(
        f"{title}Answer",
        __base__=SearchAnswer,
        results=(list[result], ...),
        facets=(facets, ...),
    )


def _field_layout(model: type[BaseModel]) -> dict[str, Any]:
    """Each field of ``model`` in the order pydantic writes them, with how its value is laid out:
    a nested model's layout, ``[layout]`` for a list of models, or None for a plain value."""
    layout: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        annotation = field.annotation
        inner = typing.get_args(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            layout[name] = _field_layout(annotation)
        elif (
            typing.get_origin(annotation) is list
            and inner
            and isinstance(inner[0], type)
            and issubclass(inner[0], BaseModel)
        ):
            layout[name] = [_field_layout(inner[0])]
        else:
            layout[name] = None
    return layout


def _in_layout(value: Any, layout: dict[str, Any] | list | None) -> Any:
    """``value`` (dicts and lists as the operation builds them) in the answer model's field order,
    leaving out the keys it was not given: what ``model_validate(...).model_dump(exclude_unset=True)``
    makes of a well-formed answer."""
    if layout is None or value is None:
        return value
    if isinstance(layout, list):
        return [_in_layout(item, layout[0]) for item in value]
    return {name: _in_layout(value[name], inner) for name, inner in layout.items() if name in value}


def answer_writer(answer: type[BaseModel]) -> Callable[[dict[str, Any]], bytes]:
    """The 200 answer's JSON, written straight from the operation's dicts.

    ninja validated each answer against its model (every field of every hit) and dumped it back to
    dicts before encoding (1.3 s of 200 directory API requests under cProfile), for values the
    operation builds itself from the index. The answer is the same bytes
    (tests/search_behaviour/test_api_answer.py holds both ways side by side); the model still describes it
    in the OpenAPI document.
    """
    layout = _field_layout(answer)
    renderer = UnicodeJSONRenderer()

    def write(data: dict[str, Any]) -> bytes:
        return json.dumps(
            _in_layout(data, layout), cls=renderer.encoder_class, **renderer.json_dumps_params
        ).encode()

    return write


# --- Operations -----------------------------------------------------------------------------------


def _operation(name: str, spec: SearchSpec, router: Router) -> Callable:
    assert spec.api is not None  # api_specs() gives only collections with an operation
    path, summary = spec.api.path, spec.api.summary
    parameters = search_parameters(spec, name)
    answer = search_answer(spec, name)
    write_answer = answer_writer(answer)

    def search(request: HttpRequest, response: HttpResponse, params: Query[parameters]):  # type: ignore[valid-type]
        language = params.lang or translation.get_language() or DEFAULT_LANGUAGE
        filters = {key: values for key in spec.facets if (values := getattr(params, key))}
        try:
            query = SearchQuery(
                text=params.q,
                filters=filters,
                facets=spec.facets,
                sort=spec.sorts[params.sort],
                page=params.page,
                page_size=params.page_size,
                language=language,
            )
        except InvalidSearchQuery as error:
            return Status(400, {"error": "bad request", "reasons": [str(error)]})
        try:
            result, results = search_with(spec, query, language)
        except SearchEngineError:
            logger.exception("search engine failed answering %s", request.get_full_path())
            response["Retry-After"] = str(RETRY_AFTER_S)
            return Status(
                503,
                {
                    "error": "unavailable",
                    "reasons": [_("the search engine is not answering; try again shortly")],
                },
            )
        # A first page of words counts as a search for the report; the page's script marks the
        # loads it makes while the reader is still typing.
        if query.page == 1 and query.text and request.headers.get("X-Search-Typing") != "1":
            record_search(query.text, language, name, found=bool(result.total or results))
        body = {
            "count": result.total,
            "page": query.page,
            "page_size": query.page_size,
            "results": results,
            "facets": result.facets,
            "engine": result.engine,
            "matched_all_words": result.matched_all_words,
            "suggestion": result.suggestion or None,
        }
        # An HttpResponse passes ninja by without validation (see answer_writer).
        return HttpResponse(write_answer(body), content_type=UnicodeJSONRenderer.media_type)

    search.__name__ = f"search_{name}"
    search.__doc__ = summary
    get_and_head(
        router,
        path,
        response={200: answer, 400: ApiError, 405: ApiError, 429: ApiError, 503: ApiError},
        summary=summary,
        url_name=f"api_{name}",
        exclude_unset=True,
    )(search)
    return search


def search_router() -> Router:
    """The search operations of every registered collection (apps register their specs when they
    load, so this is called from the URLconf)."""
    router = Router(tags=["search"])
    for spec in api_specs():
        _operation(spec.document_type, spec, router)
    return router
