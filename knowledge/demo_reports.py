"""The demo's report files: a PDF per forum report (and the Haiphong inventory summary), written
at load time from the same facts as the page, so every report a reader opens has a document to
download and search finds the report by what is inside it.

The facts come from the shared seed documents (the EACAC programme list, the ESCAP workshop page,
the C3 programme news); the sentences are the portal's own. Each file says it is a summary the
portal prepared, not the organisers' own report. Text is English with a page in Bahasa
Indonesia: the PDF base fonts cannot set Vietnamese tone marks or Thai (portal/pdf.py).
"""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

from portal.pdf import Block, Section, write_pdf

PORTAL_NAME = "Clean Air Knowledge Exchange"
NOTICE = (
    "This summary was prepared by the Clean Air Knowledge Exchange from the published programme of "
    "the event for its demonstration content. It is not the organisers' official report; dates, "
    "places and organisers are as the organisers announced them."
)

# What each series is, in the portal's words (facts: ICLEI East Asia's EACAC activities page).
SERIES_ABOUT = {
    "seoul-forum-air-quality": (
        "The Seoul International Forum on Air Quality Improvement is organised every year by the Seoul "
        "Metropolitan Government. ICLEI East Asia, through its EACAC programme, supports the forum so that cities can exchange knowledge and experience on cleaner "
        "air and build their networks."
    ),
    "beijing-forum-clean-air": (
        "The Beijing International Forum for Metropolitan Clean Air Actions is coordinated every year "
        "by the Beijing Municipal Ecology and Environment Bureau with the support of EACAC. It brings "
        "together metropolises from around the world to exchange their insights and actions for "
        "clean air."
    ),
    "eacac-workshop": (
        "EACAC hosts thematic training workshops for its member cities. The series has covered waste "
        "management, energy transition and transport management, the sectors where city decisions "
        "shape emissions most directly."
    ),
    "iclei-shrdc-training": (
        "Since 2016 ICLEI has co-organised a yearly training programme with the Seoul Human Resources "
        "Development Center. Officials of local governments in Asia spend a week with peer cities, "
        "Seoul among them, on climate change policy and sustainable development: air quality "
        "management, energy transition, waste management and pedestrian-friendly streets."
    ),
    "study-tour-japan": (
        "City peer learning on air quality management: officials from three EACAC cities (Beijing, "
        "Guiyang and Shenzhen) and representatives of six other Chinese local governments travelled "
        "to Tokyo and its neighbouring city Kawasaki for a technical exchange on how the two Japanese "
        "cities manage air quality."
    ),
}

# The EACAC programme as its activities page lists it: (activity, dates).
EACAC_PROGRAMME = (
    ("Seoul International Forum on Air Quality Improvement", "19-20 May 2016"),
    ("EACAC training workshop", "20 May 2016"),
    ("ICLEI x SHRDC training", "24-28 November 2016"),
    ("EACAC training workshop", "31 May 2017"),
    ("Seoul International Forum on Air Quality Improvement", "1-2 June 2017"),
    ("Study tour to Tokyo and Kawasaki", "11-15 September 2017"),
    ("ICLEI x SHRDC training", "24-28 November 2017"),
    ("Green Lung project in Ulaanbaatar", "2017-2019"),
    ("Seoul International Forum on Air Quality Improvement", "4-5 September 2018"),
    ("Beijing International Forum for Metropolitan Clean Air Actions", "4-5 September 2018"),
    ("ICLEI x SHRDC training", "24-28 November 2018"),
    ("ICLEI x SHRDC training I", "19-23 May 2019"),
    ("ICLEI x SHRDC training II", "1-8 September 2019"),
    ("Seoul International Forum on Air Quality Improvement", "22-23 September 2019"),
    ("Beijing International Forum for Metropolitan Clean Air Actions", "22-23 September 2019"),
)

ESCAP_OBJECTIVES = (
    "Increase the knowledge base on air pollution in the region.",
    "Build capacity to reduce air pollution at city level.",
    "Strengthen city-level policies against air pollution.",
)
ESCAP_CONTEXT = (
    "Asia and the Pacific is now a mostly urban region, and it is still urbanising fast. Expanding "
    "cities build more infrastructure and use more energy; transport runs largely on fossil fuels "
    "and waste is often poorly managed. Together these raise air pollution, which has become a "
    "serious public health hazard in many cities of the region, adding to premature deaths and "
    "putting livelihoods and sustainable development at risk.",
    "Cities both emit pollution locally and receive it from sources far away. ESCAP research has "
    "found that the damage falls hardest on low-income and marginalised communities, so air "
    "pollution deepens inequality. Cities therefore need to work as partners of their national "
    "governments: ambitious targets are within reach when local action speeds up through "
    "evidence-based action plans and better cooperation between levels of government and between "
    "cities.",
    "The project 'Strengthening Regional Cooperation to Tackle Air Pollution Challenges in Asia and "
    "the Pacific' developed and tested tools that use new data sources, machine learning and "
    "forecasting to identify the main sources of pollution, and a draft methodology that links "
    "those findings to local action in science-based city action plans.",
)

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
    indonesian = [Block(entry["summary"]["id"])] if "id" in entry.get("summary", {}) else []
    indonesian += _blocks(entry.get("body", {}).get("id", ""))
    if indonesian:
        sections.append(
            Section(f"Ringkasan dalam Bahasa Indonesia: {entry['title'].get('id', title)}", indonesian,
                    new_page=True)
        )  # fmt: skip
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
