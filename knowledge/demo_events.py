"""Demo events and certifications (idempotent: events matched on slug, certifications on city and
level). The four events always lie ahead: their dates are set relative to today on every load."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.management.base import OutputWrapper
from django.utils import timezone, translation

from knowledge.event_services import ensure_event_index
from knowledge.models import Action, CertificationLevel, City, CityCertification, EventKind, EventPage, Theme
from knowledge.services import set_translations

# (city, level, awarded, note in en/vi/id/th)
CERTIFICATIONS: list[tuple[str, str, date, dict[str, str]]] = [
    ("bangkok", "committed", date(2019, 6, 5), {"en": "Clean-air commitment signed by the Governor."}),
    (
        "bangkok",
        "measuring",
        date(2021, 3, 1),
        {
            "en": "Real-time PM2.5 network with public alerts in every district.",
            "th": "เครือข่ายตรวจวัด PM2.5 แบบเรียลไทม์พร้อมการแจ้งเตือนสาธารณะทุกเขต",
        },
    ),
    (
        "haiphong",
        "planning",
        date(2023, 9, 15),
        {
            "en": "Emissions inventory of industrial zones and ports completed with Kitakyushu.",
            "vi": "Hoàn thành kiểm kê phát thải các khu công nghiệp và cảng biển cùng Kitakyushu.",
        },
    ),
    (
        "kitakyushu",
        "leading",
        date(2018, 11, 20),
        {
            "en": "Decades of improvement, now mentoring Haiphong.",
            "vi": "Nhiều thập kỷ cải thiện, nay hướng dẫn Hải Phòng.",
        },
    ),
    (
        "pasig",
        "acting",
        date(2022, 5, 10),
        {"en": "Bike-sharing and walkability measures tracked yearly."},
    ),
    (
        "jakarta",
        "measuring",
        date(2022, 8, 1),
        {
            "en": "Reference stations published daily.",
            "id": "Data stasiun referensi diterbitkan setiap hari.",
        },
    ),
    ("hanoi", "planning", date(2024, 2, 26), {"en": "Clean-air action plan adopted by the city."}),
    ("seoul", "leading", date(2020, 10, 7), {"en": "Sustained PM2.5 reductions since 2015."}),
    (
        "da-nang",
        "committed",
        date(2025, 4, 22),
        {"en": "Air-quality unit set up in the city environment department."},
    ),
]


def _at(days: int, hour: int, minute: int, zone: str) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone))


def _events() -> list[dict[str, Any]]:
    return [
        {
            "slug": "regional-workshop-city-clean-air-plans",
            "kind": EventKind.WORKSHOP,
            "timezone": "Asia/Bangkok",
            "start": _at(21, 9, 0, "Asia/Bangkok"),
            "end": _at(22, 17, 0, "Asia/Bangkok"),
            "city": "bangkok",
            "partner_cities": ["hanoi", "jakarta", "surabaya", "chiang-mai"],
            "venue_latitude": 13.7587,
            "venue_longitude": 100.5119,
            "online_participation": True,
            "online_url": "https://meet.example.org/escap-regional-workshop",
            "online_meeting_id": "845 2210 0912",
            "online_passcode": "cleanair",
            "interpretation_languages": "vi, id, th",
            "themes": ["clean-air-for-all", "cities-for-a-sustainable-future"],
            "actions": ["clean-air-action-plan", "source-apportionment"],
            "title": {
                "en": "Regional workshop: replicating city clean-air action plans",
                "vi": "Hội thảo khu vực: nhân rộng kế hoạch hành động không khí sạch cấp thành phố",
                "id": "Lokakarya regional: mereplikasi rencana aksi udara bersih kota",
                "th": "การประชุมเชิงปฏิบัติการระดับภูมิภาค: ขยายผลแผนปฏิบัติการอากาศสะอาดของเมือง",
            },
            "summary": {
                "en": "Pilot cities present their science-based action plans; member States and cities look at "
                "how to adapt the method. Live interpretation into Vietnamese, Bahasa Indonesia and Thai.",
                "vi": "Các thành phố thí điểm trình bày kế hoạch hành động dựa trên khoa học; các quốc gia thành viên "
                "và thành phố thảo luận cách áp dụng phương pháp. Có phiên dịch trực tiếp sang tiếng Việt, "
                "tiếng Indonesia và tiếng Thái.",
                "id": "Kota-kota percontohan memaparkan rencana aksi berbasis sains; negara anggota dan kota membahas "
                "cara menyesuaikan metodenya. Tersedia juru bahasa langsung ke bahasa Vietnam, Indonesia, dan Thai.",
                "th": "เมืองนำร่องนำเสนอแผนปฏิบัติการที่อิงหลักวิทยาศาสตร์ ประเทศสมาชิกและเมืองต่าง ๆ "
                "หารือแนวทางปรับใช้วิธีการ มีล่ามแปลสดเป็นภาษาเวียดนาม อินโดนีเซีย และไทย",
            },
            "venue": {
                "en": "United Nations Conference Centre (UNCC), Bangkok",
                "vi": "Trung tâm Hội nghị Liên Hợp Quốc (UNCC), Bangkok",
                "id": "Pusat Konferensi PBB (UNCC), Bangkok",
                "th": "ศูนย์การประชุมสหประชาชาติ (UNCC) กรุงเทพฯ",
            },
            "organisers": {"en": "UN ESCAP Environment and Development Division"},
            "agenda": [
                ("09:00–10:30", "Lessons learned from the pilot cities"),
                ("11:00–12:30", "From source apportionment to local measures"),
                ("14:00–16:00", "Regional cooperation on transboundary pollution"),
            ],
        },
        {
            "slug": "technical-expert-group-quarterly-meeting",
            "kind": EventKind.EXPERT_GROUP_MEETING,
            "timezone": "Asia/Bangkok",
            "start": _at(10, 14, 0, "Asia/Bangkok"),
            "end": _at(10, 16, 0, "Asia/Bangkok"),
            "city": "bangkok",
            "partner_cities": [],
            "map_query": "United Nations Conference Centre, Bangkok",
            "online_participation": True,
            "online_url": "https://meet.example.org/technical-expert-group",
            "online_meeting_id": "611 400 2025",
            "online_passcode": "tegq",
            "interpretation_languages": "",
            "themes": [
                "raising-climate-ambition",
                "safeguarding-ecosystem-health",
                "clean-air-for-all",
                "cities-for-a-sustainable-future",
            ],
            "actions": [],
            "title": {
                "en": "Technical expert group: quarterly meeting",
                "vi": "Nhóm chuyên gia kỹ thuật: cuộc họp hằng quý",
                "id": "Kelompok pakar teknis: pertemuan triwulanan",
                "th": "กลุ่มผู้เชี่ยวชาญด้านเทคนิค: การประชุมรายไตรมาส",
            },
            "summary": {
                "en": "Experts nominated by governments review progress in the four thematic areas between "
                "Committee sessions.",
                "vi": "Các chuyên gia do chính phủ đề cử rà soát tiến độ trong bốn lĩnh vực chủ đề giữa các kỳ họp "
                "của Ủy ban.",
                "id": "Para pakar yang dinominasikan pemerintah meninjau kemajuan di empat bidang tematik di antara "
                "sidang Komite.",
                "th": "ผู้เชี่ยวชาญที่รัฐบาลเสนอชื่อทบทวนความคืบหน้าในสี่ประเด็นหลักระหว่างสมัยประชุมของคณะกรรมการ",
            },
            "venue": {"en": "Online and ESCAP, Bangkok"},
            "organisers": {"en": "ESCAP Committee on Environment and Development secretariat"},
            "agenda": [
                ("14:00–14:30", "Updates from member States"),
                ("14:30–16:00", "Thematic discussions"),
            ],
        },
        {
            "slug": "seoul-international-forum-air-quality",
            "kind": EventKind.FORUM,
            "timezone": "Asia/Seoul",
            "start": _at(45, 9, 30, "Asia/Seoul"),
            "end": _at(46, 17, 30, "Asia/Seoul"),
            "city": "seoul",
            "partner_cities": ["beijing", "tokyo", "ulaanbaatar"],
            "venue_latitude": 37.5663,
            "venue_longitude": 126.9779,
            "online_participation": False,
            "interpretation_languages": "en, ko, zh",
            "themes": ["clean-air-for-all"],
            "actions": ["low-emission-zones", "forecasting-and-early-warning"],
            "series": {"en": "Seoul International Forum on Air Quality Improvement"},
            "title": {
                "en": "Seoul International Forum on Air Quality Improvement",
                "vi": "Diễn đàn quốc tế Seoul về cải thiện chất lượng không khí",
                "id": "Forum Internasional Seoul tentang Peningkatan Kualitas Udara",
                "th": "เวทีนานาชาติกรุงโซลว่าด้วยการปรับปรุงคุณภาพอากาศ",
            },
            "summary": {
                "en": "Mayors and experts from East Asian cities compare low-emission zones and forecasting.",
                "vi": "Thị trưởng và chuyên gia các thành phố Đông Á so sánh vùng phát thải thấp và công tác dự báo.",
                "id": "Wali kota dan pakar dari kota-kota Asia Timur membandingkan zona emisi rendah dan prakiraan.",
                "th": "นายกเทศมนตรีและผู้เชี่ยวชาญจากเมืองในเอเชียตะวันออกเปรียบเทียบเขตปล่อยมลพิษต่ำและการพยากรณ์",
            },
            "venue": {"en": "Seoul City Hall", "vi": "Tòa thị chính Seoul", "th": "ศาลาว่าการกรุงโซล"},
            "organisers": {"en": "Seoul Metropolitan Government and ICLEI East Asia"},
            "agenda": [
                ("Day 1", "Low-emission zones in practice"),
                ("Day 2", "Forecasting and early warning"),
            ],
        },
        {
            "slug": "training-port-emissions-inventory",
            "kind": EventKind.TRAINING,
            "timezone": "Asia/Ho_Chi_Minh",
            "start": _at(30, 8, 30, "Asia/Ho_Chi_Minh"),
            "end": _at(32, 16, 30, "Asia/Ho_Chi_Minh"),
            "city": "haiphong",
            "partner_cities": ["kitakyushu"],
            "map_query": "Hai Phong City People's Committee",
            "online_participation": False,
            "interpretation_languages": "vi, ja",
            "themes": ["clean-air-for-all"],
            "actions": ["emissions-inventory", "port-emission-controls"],
            "title": {
                "en": "Training: emissions inventories for ports and industrial zones",
                "vi": "Đào tạo: kiểm kê phát thải cho cảng biển và khu công nghiệp",
                "id": "Pelatihan: inventarisasi emisi untuk pelabuhan dan kawasan industri",
                "th": "การฝึกอบรม: บัญชีการปล่อยมลพิษสำหรับท่าเรือและนิคมอุตสาหกรรม",
            },
            "summary": {
                "en": "Three days of hands-on work with Kitakyushu's engineers on activity data and emission factors.",
                "vi": "Ba ngày thực hành cùng kỹ sư Kitakyushu về dữ liệu hoạt động và hệ số phát thải.",
                "id": "Tiga hari praktik bersama insinyur Kitakyushu tentang data aktivitas dan faktor emisi.",
                "th": "สามวันของการฝึกปฏิบัติกับวิศวกรจากคิตะคีวชูเรื่องข้อมูลกิจกรรมและค่าสัมประสิทธิ์การปล่อย",
            },
            "venue": {
                "en": "Hai Phong Department of Natural Resources and Environment",
                "vi": "Sở Tài nguyên và Môi trường Hải Phòng",
            },
            "organisers": {"en": "Clean Air Asia with the City of Kitakyushu"},
            "agenda": [
                ("Day 1", "Activity data"),
                ("Day 2", "Emission factors"),
                ("Day 3", "Checking the inventory"),
            ],
        },
    ]


def _save_event(entry: dict[str, Any], index: Any, cities: dict[str, City]) -> EventPage:
    page = EventPage.objects.filter(slug=entry["slug"]).first()
    created = page is None
    if created:
        page = EventPage(slug=entry["slug"])
    for field in ("title", "summary", "venue", "organisers", "series"):
        if field in entry:
            set_translations(page, field, entry[field], clear_missing=True)
    page.draft_title = page.title
    page.agenda = [("session", {"time": time_, "title": title}) for time_, title in entry["agenda"]]
    for field in (
        "kind",
        "timezone",
        "start",
        "end",
        "venue_latitude",
        "venue_longitude",
        "map_query",
        "online_participation",
        "online_url",
        "online_meeting_id",
        "online_passcode",
        "interpretation_languages",
    ):
        if field in entry:
            setattr(page, field, entry[field])
    page.city = cities[entry["city"]]
    page.year = entry["start"].year
    page.partner_cities.set([cities[slug] for slug in entry["partner_cities"]])
    page.themes.set(Theme.objects.filter(slug__in=entry["themes"]))
    page.actions.set(Action.objects.filter(slug__in=entry["actions"]))
    if created:
        index.add_child(instance=page)
    else:
        page.save()
    page.save_revision().publish()
    return page


def load(*, stdout: OutputWrapper) -> None:
    cities = {city.slug: city for city in City.objects.all()}
    levels = {level.slug: level for level in CertificationLevel.objects.all()}
    for city, level, awarded, note in CERTIFICATIONS:
        certification, _created = CityCertification.objects.get_or_create(
            city=cities[city], level=levels[level], defaults={"awarded": awarded}
        )
        certification.awarded = awarded
        set_translations(certification, "note", note, clear_missing=True)
        certification.save()
    stdout.write(
        f"certifications: {len(CERTIFICATIONS)} awards for {len({c[0] for c in CERTIFICATIONS})} cities"
    )
    with translation.override("en"):
        index = ensure_event_index()
        events = _events()
        for entry in events:
            _save_event(entry, index, cities)
    stdout.write(f"events: {len(events)} upcoming events in en, vi, id, th")
