"""Equivalent terms across English, Vietnamese, Bahasa Indonesia and Thai, for every engine.

Why: a city officer in Hanoi searches "kiểm kê phát thải" and should find the Kitakyushu case
study written in English as "emissions inventory". The engines expand a query that contains any
term of a group so that the other terms of the group match too (the embedded engine through
:func:`find_matches`, Meilisearch through :func:`synonyms`).

Terms are written as readers write them; matching uses :func:`portal.search.text.tokenize`, so
case, tone marks and hyphens do not matter ("bike-sharing" is "bike sharing").

The same groups are the portal's terminology: the first term of each language (or the group's
``preferred`` one) is the word the interface catalogues (locale/) and the demo content use, so a
reader meets one name for one thing. :data:`CONTROLLED_TERMS` lists the groups whose use is
checked (tests/portal/search/test_glossary.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from portal.search.text import tokenize

__all__ = [
    "CONTROLLED_TERMS",
    "GLOSSARY",
    "GlossaryMatch",
    "TermGroup",
    "find_matches",
    "glossary_group",
    "synonyms",
]


@dataclass(frozen=True, eq=False)
class TermGroup:
    """Terms that mean the same thing; ``key`` is the taxonomy slug where one exists.

    Compared and hashed by identity: each group is declared once, in GLOSSARY.
    """

    key: str
    terms: dict[str, tuple[str, ...]]
    # The term to write when it differs from the first search term of a language.
    preferred: dict[str, str] | None = None

    def preferred_term(self, language: str) -> str:
        """The word the catalogues and content use for this thing in ``language``."""
        return (self.preferred or {}).get(language) or self.terms[language][0]

    def all_terms(self) -> tuple[str, ...]:
        """Every term of the group, English first."""
        return tuple(
            term for language in sorted(self.terms, key=_language_order) for term in self.terms[language]
        )


def _language_order(language: str) -> tuple[int, str]:
    return (0 if language == "en" else 1, language)


GLOSSARY: tuple[TermGroup, ...] = (
    TermGroup(
        "pm25",
        {
            "en": ("PM2.5", "fine particulate matter", "fine particles"),
            "vi": ("bụi mịn PM2.5", "bụi PM2.5", "bụi mịn"),
            "id": ("partikulat PM2.5", "partikel halus"),
            "th": ("ฝุ่น PM2.5", "ฝุ่นละออง PM2.5", "ฝุ่นละอองขนาดเล็ก"),
        },
        # Written "PM2.5" in every language; the descriptive names are for searching.
        preferred={"en": "PM2.5", "vi": "PM2.5", "id": "PM2.5", "th": "PM2.5"},
    ),
    TermGroup(
        "pm10",
        {
            "en": ("PM10", "coarse particulate matter"),
            "vi": ("bụi PM10",),
            "id": ("partikulat PM10",),
            "th": ("ฝุ่น PM10",),
        },
    ),
    TermGroup(
        "emissions-inventory",
        {
            "en": ("emissions inventory", "emission inventory"),
            "vi": ("kiểm kê phát thải",),
            "id": ("inventarisasi emisi",),
            "th": ("บัญชีการปล่อยมลพิษ", "บัญชีรายการการปล่อยมลพิษ"),
        },
    ),
    TermGroup(
        "public-bike-sharing",
        {
            "en": ("bike sharing", "bicycle sharing", "public bike"),
            "vi": ("xe đạp công cộng",),
            "id": ("sepeda sewa", "sepeda bersama"),
            "th": ("จักรยานสาธารณะ",),
        },
    ),
    TermGroup(
        "low-emission-zones",
        {
            "en": ("low-emission zone", "low-emission zones", "LEZ"),
            "vi": ("vùng phát thải thấp", "khu vực phát thải thấp"),
            "id": ("zona emisi rendah",),
            "th": ("เขตปล่อยมลพิษต่ำ", "พื้นที่ปล่อยมลพิษต่ำ"),
        },
    ),
    TermGroup(
        "port-emission-controls",
        {
            "en": ("port emissions", "port emission", "shipping emissions"),
            "vi": ("phát thải cảng biển", "phát thải tại cảng"),
            "id": ("emisi pelabuhan", "emisi kapal"),
            "th": ("การปล่อยมลพิษจากท่าเรือ", "มลพิษท่าเรือ"),
        },
    ),
    TermGroup(
        "commercial-cooking",
        {
            "en": ("commercial cooking", "commercial kitchens", "charbroiling"),
            "vi": ("nấu nướng thương mại", "bếp thương mại"),
            "id": ("memasak komersial", "dapur komersial"),
            "th": ("การปรุงอาหารเชิงพาณิชย์", "ร้านปิ้งย่าง"),
        },
    ),
    TermGroup(
        "air-quality-monitoring",
        {
            "en": ("air quality monitoring", "monitoring network", "monitoring station"),
            "vi": ("quan trắc chất lượng không khí", "trạm quan trắc"),
            "id": ("pemantauan kualitas udara", "stasiun pemantauan"),
            "th": ("การตรวจวัดคุณภาพอากาศ", "สถานีตรวจวัดคุณภาพอากาศ"),
        },
    ),
    TermGroup(
        "twinning",
        {
            "en": ("twinning", "city twinning", "sister city", "sister cities"),
            "vi": ("kết nghĩa", "thành phố kết nghĩa"),
            "id": ("kemitraan kota", "kota kembar", "kota bersaudara"),
            "th": ("เมืองคู่แฝด", "เมืองพี่เมืองน้อง", "การจับคู่เมือง"),
        },
    ),
    TermGroup(
        "mentor-city",
        {
            "en": ("mentor city", "mentor cities"),
            "vi": ("thành phố hướng dẫn",),
            "id": ("kota mentor",),
            "th": ("เมืองพี่เลี้ยง",),
        },
    ),
    TermGroup(
        "learning-city",
        {
            "en": ("learning city", "learning cities"),
            "vi": ("thành phố học hỏi",),
            "id": ("kota pembelajar",),
            "th": ("เมืองที่เรียนรู้",),
        },
    ),
    TermGroup(
        "clean-air-action-plan",
        {
            "en": ("action plan", "clean air action plan", "clean air plan"),
            "vi": ("kế hoạch hành động",),
            "id": ("rencana aksi",),
            "th": ("แผนปฏิบัติการ",),
        },
    ),
    TermGroup(
        "case-study",
        {
            "en": ("case study", "case studies"),
            "vi": ("nghiên cứu điển hình",),
            "id": ("studi kasus",),
            "th": ("กรณีศึกษา",),
        },
    ),
    TermGroup(
        "training-material",
        {
            "en": ("training material", "training materials"),
            "vi": ("tài liệu đào tạo",),
            "id": ("materi pelatihan",),
            "th": ("สื่อการฝึกอบรม",),
        },
    ),
    TermGroup(
        "forum-report",
        {
            "en": ("forum report", "forum reports"),
            "vi": ("báo cáo diễn đàn",),
            "id": ("laporan forum",),
            "th": ("รายงานการประชุม",),
        },
    ),
    TermGroup(
        "expert",
        {
            "en": ("expert", "experts"),
            "vi": ("chuyên gia",),
            "id": ("pakar",),
            "th": ("ผู้เชี่ยวชาญ",),
        },
    ),
    TermGroup(
        "black-carbon",
        {
            "en": ("black carbon", "soot"),
            "vi": ("cacbon đen", "carbon đen", "bồ hóng"),
            "id": ("karbon hitam", "jelaga"),
            "th": ("คาร์บอนดำ", "เขม่า"),
        },
    ),
    TermGroup(
        "waste-burning-bans",
        {
            "en": ("open burning", "waste burning", "open waste burning"),
            "vi": ("đốt lộ thiên", "đốt rác"),
            "id": ("pembakaran terbuka", "pembakaran sampah"),
            "th": ("การเผาในที่โล่ง", "การเผาขยะ"),
        },
    ),
    TermGroup(
        "agricultural-burning",
        {
            "en": ("agricultural burning", "crop residue burning", "stubble burning"),
            "vi": ("đốt rơm rạ", "đốt phụ phẩm nông nghiệp"),
            "id": ("pembakaran lahan pertanian", "pembakaran jerami"),
            "th": ("การเผาเศษวัสดุการเกษตร", "การเผาตอซัง"),
        },
    ),
    TermGroup(
        "air-pollution",
        {
            "en": ("air pollution",),
            "vi": ("ô nhiễm không khí",),
            "id": ("polusi udara", "pencemaran udara"),
            "th": ("มลพิษทางอากาศ", "มลภาวะทางอากาศ"),
        },
    ),
    TermGroup(
        "air-quality",
        {
            "en": ("air quality",),
            "vi": ("chất lượng không khí",),
            "id": ("kualitas udara", "mutu udara"),
            "th": ("คุณภาพอากาศ",),
        },
    ),
    TermGroup(
        "source-apportionment",
        {
            "en": ("source apportionment",),
            "vi": ("phân bổ nguồn", "xác định nguồn phát thải"),
            "id": ("pembagian sumber", "identifikasi sumber emisi"),
            "th": ("การจำแนกแหล่งกำเนิด",),
        },
    ),
    TermGroup(
        "forecasting-and-early-warning",
        {
            "en": ("early warning", "air quality forecasting"),
            "vi": ("cảnh báo sớm", "dự báo chất lượng không khí"),
            "id": ("peringatan dini", "prakiraan kualitas udara"),
            "th": ("การเตือนภัยล่วงหน้า", "การพยากรณ์คุณภาพอากาศ"),
        },
    ),
    TermGroup(
        "road-transport",
        {
            "en": ("vehicle emissions", "road transport", "traffic emissions"),
            "vi": ("khí thải phương tiện", "giao thông đường bộ"),
            "id": ("emisi kendaraan", "transportasi jalan"),
            "th": ("มลพิษจากยานพาหนะ", "การขนส่งทางถนน"),
        },
    ),
    TermGroup(
        "clean-air",
        {
            "en": ("clean air",),
            "vi": ("không khí sạch",),
            "id": ("udara bersih",),
            "th": ("อากาศสะอาด",),
        },
    ),
    TermGroup(
        "construction-dust",
        {
            "en": ("construction dust",),
            "vi": ("bụi xây dựng",),
            "id": ("debu konstruksi",),
            "th": ("ฝุ่นจากการก่อสร้าง", "ฝุ่นก่อสร้าง"),
        },
    ),
    TermGroup(
        "methane-and-slcps",
        {
            "en": ("methane", "short-lived climate pollutants", "SLCPs"),
            "vi": ("mê-tan", "metan", "chất ô nhiễm khí hậu ngắn hạn"),
            "id": ("metana", "polutan iklim berumur pendek"),
            "th": ("มีเทน", "ก๊าซมีเทน"),
        },
    ),
    TermGroup(
        "public-information-and-alerts",
        {
            "en": ("air quality alert", "air quality alerts", "health advisory"),
            "vi": ("cảnh báo chất lượng không khí", "khuyến cáo sức khỏe"),
            "id": ("peringatan kualitas udara", "imbauan kesehatan"),
            "th": ("การแจ้งเตือนคุณภาพอากาศ", "คำแนะนำด้านสุขภาพ"),
        },
    ),
)


# The terms whose preferred form the catalogues and the demo content must use.
CONTROLLED_TERMS: tuple[str, ...] = (
    "pm25",
    "emissions-inventory",
    "twinning",
    "mentor-city",
    "learning-city",
    "clean-air-action-plan",
    "air-quality",
    "clean-air",
    "low-emission-zones",
    "public-bike-sharing",
    "commercial-cooking",
    "port-emission-controls",
    "case-study",
    "training-material",
    "forum-report",
    "expert",
)


def glossary_group(key: str) -> TermGroup:
    """The group declared under ``key``."""
    return next(group for group in GLOSSARY if group.key == key)


@dataclass(frozen=True)
class GlossaryMatch:
    """Query words ``start``..``end`` (exclusive) spell a term of ``groups`` (almost always one).

    ``alternatives`` holds the other terms of the groups as canonical words, each with the
    language it is written in, so an engine can look for them instead.
    """

    start: int
    end: int
    groups: tuple[TermGroup, ...]
    alternatives: tuple[tuple[str, tuple[str, ...]], ...]


@cache
def _index() -> dict[tuple[str, ...], tuple[TermGroup, ...]]:
    """Canonical words of every term → the groups that hold it (built once; segments Thai)."""
    index: dict[tuple[str, ...], tuple[TermGroup, ...]] = {}
    for group in GLOSSARY:
        for term in group.all_terms():
            words = tuple(token.text for token in tokenize(term))
            if words and group not in index.get(words, ()):
                index[words] = (*index.get(words, ()), group)
    return index


@cache
def _alternatives(group: TermGroup) -> tuple[tuple[str, tuple[str, ...]], ...]:
    seen: set[tuple[str, ...]] = set()
    result: list[tuple[str, tuple[str, ...]]] = []
    for language in sorted(group.terms, key=_language_order):
        for term in group.terms[language]:
            words = tuple(token.text for token in tokenize(term))
            if words and words not in seen:
                seen.add(words)
                result.append((language, words))
    return tuple(result)


def find_matches(words: Sequence[str]) -> list[GlossaryMatch]:
    """Glossary terms spelled by ``words`` (canonical query words), longest first, no overlaps.

    Scans left to right and takes the longest term starting at each word, so "air quality
    monitoring" is one match, not "air quality" plus a stray word.
    """
    index = _index()
    longest = max((len(key) for key in index), default=0)
    matches: list[GlossaryMatch] = []
    position = 0
    while position < len(words):
        for length in range(min(longest, len(words) - position), 0, -1):
            key = tuple(words[position : position + length])
            groups = index.get(key)
            if groups:
                alternatives = tuple(
                    dict.fromkeys(alt for group in groups for alt in _alternatives(group) if alt[1] != key)
                )
                matches.append(GlossaryMatch(position, position + length, groups, alternatives))
                position += length
                break
        else:
            position += 1
    return matches


def synonyms() -> dict[str, list[str]]:
    """Each term → every other term of its group, as written (Meilisearch's ``synonyms``)."""
    result: dict[str, list[str]] = {}
    for group in GLOSSARY:
        terms = group.all_terms()
        for term in terms:
            others = [other for other in terms if other != term]
            result.setdefault(term.lower(), [])
            result[term.lower()].extend(other for other in others if other not in result[term.lower()])
    return result
