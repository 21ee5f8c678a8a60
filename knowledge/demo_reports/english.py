"""The English forum report (with the series' background) and the Haiphong inventory summary."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

from knowledge.demo_reports.background import (
    EACAC_PROGRAMME,
    ESCAP_CONTEXT,
    ESCAP_OBJECTIVES,
    NOTICE,
    PORTAL_NAME,
    SERIES_ABOUT,
)
from portal.pdf import Block, Section, write_pdf

_TAGS = re.compile(r"<[^>]+>")
_BLOCKS = re.compile(r"<(p|li)>(.*?)</\1>", re.S)


def _blocks(html: str, *, bullets: bool = False) -> list[Block]:
    """Paragraphs and list items of the demo's limited HTML as PDF blocks."""
    found = [
        Block(unescape(_TAGS.sub("", inner)).strip(), bullet=bullets or tag == "li")
        for tag, inner in _BLOCKS.findall(html or "")
    ]
    return [block for block in found if block.text]


def _when(start: str, end: str) -> str:
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}-{last.day} {last:%B %Y}"
    return f"{first.day} {first:%B} - {last.day} {last:%B %Y}"


def _series_key(slug: str) -> str:
    for key in SERIES_ABOUT:
        if slug.startswith(key):
            return key
    return ""


def forum_report_pdf(entry: dict[str, Any], *, city_name: str) -> bytes:
    """The report of one demo forum report entry (knowledge/demo_content.py), as PDF bytes."""
    title = entry["title"]["en"]
    facts = [Block(_when(entry["start"], entry["end"]), label="Dates")]
    if entry.get("venue"):
        facts.append(Block(entry["venue"]["en"], label="Venue"))
    else:
        facts.append(Block(city_name, label="City"))
    facts.append(Block(entry["timezone"], label="Time zone"))
    if entry.get("organisers"):
        facts.append(Block(entry["organisers"]["en"], label="Organisers"))
    if entry.get("series"):
        facts.append(Block(entry["series"]["en"], label="Series"))
    if entry.get("interpretation_languages"):
        facts.append(Block("Vietnamese, Bahasa Indonesia and Thai", label="Live interpretation"))
    if entry.get("online_participation"):
        facts.append(Block("in person, and online for registered participants", label="Participation"))
    sections = [
        Section(title, [Block(PORTAL_NAME), *facts, Block(NOTICE)], size=20),
        Section("Summary", [Block(entry["summary"]["en"]), *_blocks(entry.get("body", {}).get("en", ""))],
                new_page=True),
    ]  # fmt: skip
    key = _series_key(entry["slug"])
    if key:
        sections.append(Section("About the series", [Block(SERIES_ABOUT[key])]))
    if entry["slug"].startswith("escap-"):
        sections += [
            Section("Why the workshop was held", [Block(text) for text in ESCAP_CONTEXT]),
            Section("Project objectives", [Block(text, bullet=True) for text in ESCAP_OBJECTIVES]),
            Section(
                "Purpose of the workshop",
                [
                    Block(
                        "To work with member States and cities on ways to adapt and apply the "
                        "methodology for city-level action plans already used in the pilot cities, "
                        "and to prepare the way forward, including the priorities of a city-to-city "
                        "knowledge exchange programme for the region. Representatives of central and "
                        "local governments and UN agencies took part; governments and agencies were "
                        "encouraged to nominate qualified women officials as their representatives."
                    )
                ],
            ),
        ]
    if entry.get("key_outcomes"):
        sections.append(Section("Outcomes", _blocks(entry["key_outcomes"]["en"], bullets=True)))
    if key or entry["slug"].startswith("study-tour"):
        sections.append(
            Section(
                "The EACAC programme, 2016-2019",
                [Block(when, label=activity, bullet=True) for activity, when in EACAC_PROGRAMME],
            )
        )
    sections.append(
        Section(
            "Sources",
            [
                Block(
                    "ICLEI East Asia, EACAC activities: forums, trainings, study tours and projects.",
                    bullet=True,
                ),
                Block("UN ESCAP, regional workshop page, 2 December 2022, UNCC Bangkok.", bullet=True),
            ],
        )
    )
    return write_pdf(title=title, language="en", sections=sections, footer=PORTAL_NAME)


def haiphong_inventory_pdf(entry: dict[str, Any]) -> bytes:
    """The Haiphong emissions inventory summary: the case study and the C3 pairs it belongs to."""
    title = entry["report"]["title"]["en"].removesuffix(" (PDF)")
    sections = [
        Section(title, [Block(PORTAL_NAME), Block(entry["title"]["en"]), Block(NOTICE)], size=20),
        Section("Summary", [Block(entry["summary"]["en"]), *_blocks(entry["body"]["en"])], new_page=True),
        Section("Lessons learned", _blocks(entry["lessons_learned"]["en"])),
        Section(
            "The City-to-City Cooperation programme",
            [
                Block(
                    "Clean Air Asia launched the City-to-City Cooperation (C3) programme of its Cities "
                    "Clean Air Partnership in August 2015. It pairs a mentor city with a learning city "
                    "so that both exchange effective practice on a specific air quality problem, "
                    "guided by an action list that experts reviewed."
                ),
                Block(
                    "Kitakyushu and Haiphong: emissions inventory of industrial zones and ports", bullet=True
                ),
                Block("Taipei and Pasig: a comprehensive public bike-sharing system", bullet=True),
                Block("San Diego and Bangkok: emissions inventory of air pollution sources", bullet=True),
                Block("San Jose and Taichung", bullet=True),
                Block("Philadelphia and Kaohsiung", bullet=True),
                Block(
                    "The action list covers commercial cooking and grilling, public bike sharing, port "
                    "operations, emissions inventories and low-emission urban development."
                ),
            ],
        ),
        Section(
            "Sources", [Block("Clean Air Asia, news on the C3 programme (7th HLS-ESC, Hanoi).", bullet=True)]
        ),
    ]
    return write_pdf(title=title, language="en", sections=sections, footer=PORTAL_NAME)
