"""Demo action lists for the five C3 pairs (facts from the Clean Air Asia seed documents).

Idempotent: items are matched on their partnership and English title and updated; items an
editor added are left alone. The experts involved are linked too: `load_demo` runs this app's
demo after the experts' (INSTALLED_APPS order), so their profiles exist by then.

The content is data: ``knowledge/twinning/data/action_items.json`` (per partnership: its experts
and action items) and ``milestone_notes.json`` (notes several pairs share), read through
:mod:`portal.content_data`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.management.base import OutputWrapper

from experts.models import Expert
from knowledge.models import Action, TwinningActionItem, TwinningPartnership
from knowledge.models.twinning import ProgressStatus
from portal.content_data import (
    DataFile,
    Date,
    Either,
    Email,
    ListOf,
    OneOf,
    Record,
    Slug,
    Translated,
    app_data,
)
from portal.i18n import localized_field, set_translations

STATUS = OneOf(ProgressStatus.values)
MILESTONE_NOTES = DataFile(
    app_data(__file__, "milestone_notes.json"),
    Record({"key": Slug(), "note": Translated(complete=True)}),
    key="key",
)


def _known_notes(item: Mapping[str, Any]) -> list[str]:
    """A milestone naming a shared note names one milestone_notes.json has."""
    notes = MILESTONE_NOTES.by_key()
    return [
        f"action_items[{number}].milestones[{position}].note: no shared note {milestone['note']!r}"
        for number, entry in enumerate(item["action_items"], start=1)
        for position, milestone in enumerate(entry["milestones"], start=1)
        if isinstance(milestone["note"], str) and milestone["note"] not in notes
    ]


PARTNERSHIPS = DataFile(
    app_data(__file__, "action_items.json"),
    Record(
        {
            "partnership": Slug(),
            "experts": ListOf(Email()),
            "action_items": ListOf(
                Record(
                    {
                        "action": Slug(),
                        "status": STATUS,
                        "title": Translated(complete=True),
                        "description": Translated(complete=True),
                        "milestones": ListOf(
                            Record(
                                {
                                    "date": Date(),
                                    "status": STATUS,
                                    "note": Either(Slug(), Translated(complete=True)),
                                }
                            )
                        ),
                    }
                )
            ),
        }
    ),
    key="partnership",
    check=_known_notes,
)
DATA_FILES = (MILESTONE_NOTES, PARTNERSHIPS)


def _milestone_blocks(milestones: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    notes = MILESTONE_NOTES.by_key()
    blocks = []
    for entry in milestones:
        note = entry["note"]
        if isinstance(note, str):
            note = notes[note]["note"]
        blocks.append(
            (
                "milestone",
                {
                    "date": datetime.date.fromisoformat(entry["date"]),
                    "status": entry["status"],
                    **{f"note_{language}": text for language, text in note.items()},
                },
            )
        )
    return blocks


def load(*, stdout: OutputWrapper) -> None:
    load_twinning_demo(stdout=stdout)
    link_demo_experts(stdout=stdout)


def load_twinning_demo(*, stdout: OutputWrapper) -> None:
    actions = {action.slug: action for action in Action.objects.all()}
    entries_by_pair = {pair["partnership"]: pair["action_items"] for pair in PARTNERSHIPS}
    partnerships = TwinningPartnership.objects.in_bulk(list(entries_by_pair), field_name="slug")
    count = 0
    english_title = localized_field("title", "en")
    for slug, entries in entries_by_pair.items():
        partnership = partnerships.get(slug)
        if partnership is None:  # an editor deleted the seeded pair; leave it deleted
            continue
        for position, entry in enumerate(entries):
            item = TwinningActionItem.objects.filter(
                partnership=partnership, **{english_title: entry["title"]["en"]}
            ).first() or TwinningActionItem(partnership=partnership)
            item.action = actions[entry["action"]]
            item.status = entry["status"]
            item.sort_order = position
            item.is_published = True
            item.milestones = _milestone_blocks(entry["milestones"])
            set_translations(item, "title", entry["title"])
            set_translations(item, "description", entry["description"])
            item.save()
            count += 1
    stdout.write(f"twinning: {count} action items for {len(partnerships)} partnerships in en, vi, id, th")


def link_demo_experts(*, stdout: OutputWrapper) -> None:
    experts_by_pair = {pair["partnership"]: pair["experts"] for pair in PARTNERSHIPS}
    emails = [email for addresses in experts_by_pair.values() for email in addresses]
    experts = {expert.email: expert for expert in Expert.objects.filter(email__in=emails)}
    partnerships = TwinningPartnership.objects.in_bulk(list(experts_by_pair), field_name="slug")
    for slug, addresses in experts_by_pair.items():
        partnership = partnerships.get(slug)
        if partnership is None:
            continue
        partnership.experts.add(*[experts[email] for email in addresses if email in experts])
        partnership.save()  # parental many-to-many relations are written by save()
    stdout.write(f"twinning: experts linked to {len(partnerships)} partnerships")
