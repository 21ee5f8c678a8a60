"""The English background of the demo reports, in the portal's own words: the notice that a report is
the portal's summary, what each forum series is, the EACAC programme and the ESCAP workshop.
"""

from __future__ import annotations

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
