"""Demo events and certifications (idempotent: events matched on slug, certifications on city and
level). The four events always lie ahead: their dates are set relative to today on every load.

The content is data: ``knowledge/events/data/events.json`` and ``certifications.json``, read
through :mod:`portal.content_data`.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.management.base import OutputWrapper
from django.utils import timezone, translation

from knowledge.events.services import ensure_event_index
from knowledge.models import Action, CertificationLevel, City, CityCertification, EventKind, EventPage, Theme
from portal.content_data import (
    Boolean,
    DataFile,
    Date,
    Either,
    Integer,
    ListOf,
    Number,
    OneOf,
    Record,
    Slug,
    Text,
    Time,
    TimeZone,
    Translated,
    app_data,
    optional,
)
from portal.i18n import language_codes, localized_field, set_translations

CERTIFICATIONS = DataFile(
    app_data(__file__, "certifications.json"),
    Record({"city": Slug(), "level": Slug(), "awarded": Date(), "note": Translated(complete=True)}),
)
# Days from today and a local time: the demo's events never lie in the past.
MOMENT = Record({"days": Integer(), "time": Time()})
EVENTS = DataFile(
    app_data(__file__, "events.json"),
    Record(
        {
            "slug": Slug(),
            "kind": OneOf(EventKind.values),
            "timezone": TimeZone(),
            "start": MOMENT,
            "end": MOMENT,
            "city": Slug(),
            "partner_cities": ListOf(Slug()),
            "venue_latitude": optional(Number()),
            "venue_longitude": optional(Number()),
            "map_query": optional(Text()),
            "online_participation": Boolean(),
            "online_url": optional(Text()),
            "online_meeting_id": optional(Text()),
            "online_passcode": optional(Text()),
            "interpretation_languages": Text(blank=True),
            "themes": ListOf(Slug()),
            "actions": ListOf(Slug()),
            **{name: Translated(complete=True) for name in ("title", "summary", "venue", "organisers")},
            "series": optional(Translated(complete=True)),
            "agenda": ListOf(
                Record(
                    {
                        # One text for every language ("09:00–10:30") or translated ("Day 1").
                        "time": Either(Text(), Translated(complete=True)),
                        "title": Translated(complete=True),
                    }
                )
            ),
        }
    ),
    key="slug",
)
DATA_FILES = (CERTIFICATIONS, EVENTS)
TRANSLATED_FIELDS = ("title", "summary", "venue", "organisers", "series")
PLAIN_FIELDS = (
    "kind",
    "timezone",
    "venue_latitude",
    "venue_longitude",
    "map_query",
    "online_participation",
    "online_url",
    "online_meeting_id",
    "online_passcode",
    "interpretation_languages",
)


def _at(moment: Mapping[str, Any], zone: str) -> datetime:
    day = timezone.localdate() + timedelta(days=moment["days"])
    return datetime.combine(day, time.fromisoformat(moment["time"]), tzinfo=zoneinfo.ZoneInfo(zone))


def _save_event(entry: Mapping[str, Any], index: Any, cities: dict[str, City]) -> EventPage:
    page = EventPage.objects.filter(slug=entry["slug"]).first()
    created = page is None
    if created:
        page = EventPage(slug=entry["slug"])
    for field in TRANSLATED_FIELDS:
        if field in entry:
            set_translations(page, field, entry[field], clear_missing=True)
    page.draft_title = page.title
    for language in language_codes():
        setattr(
            page,
            localized_field("agenda", language),
            [("session", _session(session, language)) for session in entry["agenda"]],
        )
    for field in PLAIN_FIELDS:
        if field in entry:
            setattr(page, field, entry[field])
    page.start = _at(entry["start"], entry["timezone"])
    page.end = _at(entry["end"], entry["timezone"])
    page.city = cities[entry["city"]]
    page.year = page.start.year
    page.partner_cities.set([cities[slug] for slug in entry["partner_cities"]])
    page.themes.set(Theme.objects.filter(slug__in=entry["themes"]))
    page.actions.set(Action.objects.filter(slug__in=entry["actions"]))
    if created:
        index.add_child(instance=page)
    else:
        page.save()
    page.save_revision().publish()
    return page


def _session(session: Mapping[str, Any], language: str) -> dict[str, str]:
    time_ = session["time"]
    return {"time": time_ if isinstance(time_, str) else time_[language], "title": session["title"][language]}


def load(*, stdout: OutputWrapper) -> None:
    cities = {city.slug: city for city in City.objects.all()}
    levels = {level.slug: level for level in CertificationLevel.objects.all()}
    for entry in CERTIFICATIONS:
        awarded = date.fromisoformat(entry["awarded"])
        certification, _created = CityCertification.objects.get_or_create(
            city=cities[entry["city"]], level=levels[entry["level"]], defaults={"awarded": awarded}
        )
        certification.awarded = awarded
        set_translations(certification, "note", entry["note"], clear_missing=True)
        certification.save()
    stdout.write(
        f"certifications: {len(CERTIFICATIONS)} awards for "
        f"{len({entry['city'] for entry in CERTIFICATIONS})} cities"
    )
    with translation.override("en"):
        index = ensure_event_index()
        for entry in EVENTS:
            _save_event(entry, index, cities)
    stdout.write(f"events: {len(EVENTS)} upcoming events in en, vi, id, th")
