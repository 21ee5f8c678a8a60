"""GET /api/v1/twinning/suggestions: mentor cities and experts for a learning city and actions.

Its declaration validates the request (city and action slugs are enums of today's cities and
actions, each refused with a reason), shapes the answer and describes both (portal/api.py).
"""

# No ``from __future__ import annotations``: ninja reads the operation's annotations at run time.

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, Field, model_validator

from knowledge.models import Action, City
from knowledge.twinning.matchmaking import UnknownSlugs, resolve_request, suggest_partners
from portal.api import ApiError, Checked, Refused, get_and_head, language_parameter
from portal.i18n import DEFAULT_LANGUAGE

__all__ = ["router"]


def _city_slugs() -> list[str]:
    return list(City.objects.order_by("slug").values_list("slug", flat=True))


def _action_slugs() -> list[str]:
    return list(Action.objects.order_by("slug").values_list("slug", flat=True))


def _check_city(slug: str) -> str:
    # The learning city is no filter: an empty value is missing, not "no filter".
    if not slug:
        raise Refused(_("city is required: give a city slug, e.g. city=phnom-penh"))
    if not City.objects.filter(slug=slug).exists():
        raise Refused(_("unknown city %(slug)r") % {"slug": slug[:80]})
    return slug


def _check_actions(slugs: list[str]) -> list[str]:
    wanted = list(dict.fromkeys(slugs))
    if not wanted:
        raise Refused(_("action is required: give one or more action slugs, e.g. action=emissions-inventory"))
    known = set(Action.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    unknown = [slug for slug in wanted if slug not in known]
    if unknown:
        raise Refused(*(_("unknown action %(slug)r") % {"slug": slug[:80]} for slug in unknown))
    return wanted


class SuggestionParameters(BaseModel):
    city: Annotated[
        str,
        Checked(
            _check_city,
            lambda: {
                "type": "string",
                "enum": _city_slugs(),
                "description": "Learning city slug (required: an empty value answers 400)",
            },
        ),
    ]
    action: Annotated[
        list[str],
        Checked(
            _check_actions,
            lambda: {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string", "enum": _action_slugs()},
                "description": "Action slugs (repeatable; at least one)",
            },
        ),
    ]
    lang: Annotated[
        str, language_parameter("Language of the names and reasons (empty or absent: English)")
    ] = ""

    @model_validator(mode="before")
    @classmethod
    def _absent_is_empty(cls, data: Any) -> Any:
        # Absent and empty answer the same reason (the checks above), not pydantic's "missing".
        if isinstance(data, dict):
            data = {"city": "", "action": [], **data}
        return data


class CitySuggestion(BaseModel):
    slug: str
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2 code")
    country_name: str
    score: float = Field(description="Higher is a stronger match; only the order matters")
    reasons: list[str] = Field(description="Why, in words")


class ExpertSuggestion(BaseModel):
    name: str
    url: str
    city: str
    city_slug: str
    country: str
    country_name: str
    score: float
    reasons: list[str] = Field(description="Why, in words")


class TwinningSuggestions(BaseModel):
    cities: list[CitySuggestion]
    experts: list[ExpertSuggestion]


router = Router(tags=["twinning"])
SUMMARY = "Suggested mentor cities and experts for a learning city and one or more actions"


@get_and_head(
    router,
    "/twinning/suggestions",
    response={200: TwinningSuggestions, 400: ApiError, 405: ApiError, 429: ApiError},
    summary=SUMMARY,
    url_name="api_twinning_suggestions",
)
def suggestions(request: HttpRequest, params: Query[SuggestionParameters]):
    language = params.lang or translation.get_language() or DEFAULT_LANGUAGE
    try:
        city, actions = resolve_request(city_slug=params.city, action_slugs=params.action)
    except UnknownSlugs as error:  # a city or action removed since the check above
        return Status(400, {"error": "bad request", "reasons": error.reasons})
    with translation.override(language):
        return suggest_partners(city=city, actions=actions).as_json()
