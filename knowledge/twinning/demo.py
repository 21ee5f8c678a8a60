"""Demo action lists for the five C3 pairs (facts from the Clean Air Asia seed documents).

Idempotent: items are matched on their partnership and English title and updated; items an
editor added are left alone. The experts involved are linked too: `load_demo` runs this app's
demo after the experts' (INSTALLED_APPS order), so their profiles exist by then.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import OutputWrapper

from experts.models import Expert
from knowledge.models import Action, TwinningActionItem, TwinningPartnership
from portal.i18n import localized_field, set_translations


def t(en: str, vi: str, id: str, th: str) -> dict[str, str]:
    return {"en": en, "vi": vi, "id": id, "th": th}


def milestone(day: str, status: str, note: dict[str, str]) -> dict[str, Any]:
    return {"date": datetime.date.fromisoformat(day), "status": status, "note": note}


LAUNCH = t(
    "The C3 programme pairs the two cities",
    "Chương trình C3 kết nối hai thành phố",
    "Program C3 memasangkan kedua kota",
    "โครงการ C3 จับคู่สองเมืองนี้",
)
HLS_ESC = t(
    "The pair is presented at the 7th High Level Seminar on Environmentally Sustainable Cities in Hanoi",
    "Cặp thành phố được giới thiệu tại Hội thảo Cấp cao lần thứ 7 về Thành phố Bền vững Môi trường ở Hà Nội",
    "Pasangan ini dipresentasikan pada Seminar Tingkat Tinggi ke-7 tentang Kota Berkelanjutan Lingkungan di Hanoi",
    "คู่เมืองนี้ได้รับการนำเสนอในการสัมมนาระดับสูงว่าด้วยเมืองที่ยั่งยืนด้านสิ่งแวดล้อม ครั้งที่ 7 ที่ฮานอย",
)

# partnership slug → action items (action slug, status, title, description, milestones).
ACTION_ITEMS: dict[str, list[dict[str, Any]]] = {
    "kitakyushu-haiphong": [
        {
            "action": "emissions-inventory",
            "status": "in_progress",
            "title": t(
                "Emissions inventory of the industrial zones",
                "Kiểm kê phát thải các khu công nghiệp",
                "Inventarisasi emisi kawasan industri",
                "บัญชีการปล่อยมลพิษของนิคมอุตสาหกรรม",
            ),
            "description": t(
                "Haiphong lists the air pollution sources in its industrial zones, with Kitakyushu's advice on methods and data.",
                "Hải Phòng lập danh mục các nguồn gây ô nhiễm không khí trong khu công nghiệp, với sự tư vấn của Kitakyushu về phương pháp và dữ liệu.",
                "Haiphong mendata sumber pencemaran udara di kawasan industrinya, dengan saran Kitakyushu tentang metode dan data.",
                "ไฮฟองจัดทำรายการแหล่งกำเนิดมลพิษทางอากาศในนิคมอุตสาหกรรม โดยมีคิตะคีวชูให้คำแนะนำด้านวิธีการและข้อมูล",
            ),
            "milestones": [
                milestone("2015-08-01", "done", LAUNCH),
                milestone("2016-03-02", "done", HLS_ESC),
                milestone(
                    "2016-09-30",
                    "in_progress",
                    t(
                        "Source list for the industrial zones drafted",
                        "Dự thảo danh mục nguồn thải của các khu công nghiệp",
                        "Daftar sumber emisi kawasan industri dirancang",
                        "ร่างรายการแหล่งกำเนิดของนิคมอุตสาหกรรม",
                    ),
                ),
            ],
        },
        {
            "action": "port-emission-controls",
            "status": "planned",
            "title": t(
                "Emissions from port operations",
                "Phát thải từ hoạt động cảng",
                "Emisi dari kegiatan pelabuhan",
                "การปล่อยมลพิษจากการดำเนินงานของท่าเรือ",
            ),
            "description": t(
                "The inventory is extended to ships, cargo handling and port traffic, where industry and shipping meet.",
                "Bản kiểm kê được mở rộng sang tàu biển, bốc dỡ hàng hóa và giao thông trong cảng, nơi công nghiệp và hàng hải gặp nhau.",
                "Inventarisasi diperluas ke kapal, bongkar muat, dan lalu lintas pelabuhan, tempat industri dan pelayaran bertemu.",
                "ขยายบัญชีการปล่อยมลพิษไปยังเรือ การขนถ่ายสินค้า และการจราจรในท่าเรือ ซึ่งเป็นจุดที่อุตสาหกรรมและการเดินเรือมาบรรจบกัน",
            ),
            "milestones": [
                milestone(
                    "2017-03-31",
                    "planned",
                    t(
                        "Port and shipping sources added to the inventory",
                        "Bổ sung nguồn thải từ cảng và tàu biển vào bản kiểm kê",
                        "Sumber emisi pelabuhan dan kapal ditambahkan ke inventarisasi",
                        "เพิ่มแหล่งกำเนิดจากท่าเรือและการเดินเรือเข้าในบัญชี",
                    ),
                ),
            ],
        },
    ],
    "pasig-taipei": [
        {
            "action": "public-bike-sharing",
            "status": "in_progress",
            "title": t(
                "A comprehensive public bike-sharing system",
                "Hệ thống xe đạp công cộng toàn diện",
                "Sistem sepeda sewa publik yang menyeluruh",
                "ระบบจักรยานสาธารณะแบบครบวงจร",
            ),
            "description": t(
                "Pasig plans stations, bikes and safe lanes, drawing on how Taipei runs its own bike-sharing system.",
                "Pasig lên kế hoạch trạm, xe và làn đường an toàn, dựa trên cách Đài Bắc vận hành hệ thống xe đạp công cộng của mình.",
                "Pasig merencanakan stasiun, sepeda, dan jalur aman, belajar dari cara Taipei mengelola sistem sepeda sewanya.",
                "ปาซิกวางแผนสถานี จักรยาน และเส้นทางที่ปลอดภัย โดยเรียนรู้จากวิธีที่ไทเปบริหารระบบจักรยานสาธารณะของตน",
            ),
            "milestones": [
                milestone("2015-08-01", "done", LAUNCH),
                milestone("2016-03-02", "done", HLS_ESC),
                milestone(
                    "2016-12-31",
                    "planned",
                    t(
                        "Locations of the first stations chosen",
                        "Chọn địa điểm cho các trạm đầu tiên",
                        "Lokasi stasiun pertama dipilih",
                        "เลือกที่ตั้งสถานีชุดแรก",
                    ),
                ),
            ],
        },
    ],
    "bangkok-san-diego": [
        {
            "action": "emissions-inventory",
            "status": "in_progress",
            "title": t(
                "Emissions inventory of Bangkok's pollution sources",
                "Kiểm kê phát thải các nguồn ô nhiễm của Băng Cốc",
                "Inventarisasi emisi sumber pencemaran Bangkok",
                "บัญชีการปล่อยมลพิษจากแหล่งกำเนิดของกรุงเทพมหานคร",
            ),
            "description": t(
                "San Diego shares how it keeps an inventory of its air pollution sources; Bangkok builds its own on the same basis.",
                "San Diego chia sẻ cách duy trì bản kiểm kê các nguồn ô nhiễm không khí; Băng Cốc xây dựng bản kiểm kê của mình trên cùng nền tảng.",
                "San Diego berbagi cara mengelola inventarisasi sumber pencemaran udaranya; Bangkok menyusun inventarisasinya sendiri dengan dasar yang sama.",
                "ซานดิเอโกถ่ายทอดวิธีจัดทำบัญชีแหล่งกำเนิดมลพิษทางอากาศ และกรุงเทพฯ จัดทำบัญชีของตนเองบนพื้นฐานเดียวกัน",
            ),
            "milestones": [
                milestone("2015-08-01", "done", LAUNCH),
                milestone(
                    "2016-06-30",
                    "in_progress",
                    t(
                        "Methods and emission factors agreed",
                        "Thống nhất phương pháp và hệ số phát thải",
                        "Metode dan faktor emisi disepakati",
                        "ตกลงวิธีการและค่าสัมประสิทธิ์การปล่อยมลพิษ",
                    ),
                ),
            ],
        },
    ],
    "taichung-san-jose": [
        {
            "action": "clean-air-action-plan",
            "status": "planned",
            "title": t(
                "Topics chosen from the C3 action list",
                "Chọn chủ đề từ danh mục hành động của C3",
                "Topik dipilih dari daftar aksi C3",
                "เลือกหัวข้อจากรายการมาตรการของ C3",
            ),
            "description": t(
                "The two cities pick their topics from the expert-reviewed action list: commercial cooking and grilling, bike sharing, port operations, emissions inventories and low-emission urban development.",
                "Hai thành phố chọn chủ đề từ danh mục hành động đã được chuyên gia thẩm định: nấu nướng thương mại, xe đạp công cộng, hoạt động cảng, kiểm kê phát thải và phát triển đô thị phát thải thấp.",
                "Kedua kota memilih topik dari daftar aksi yang ditinjau pakar: memasak komersial dan memanggang, sepeda sewa, operasi pelabuhan, inventarisasi emisi, dan pembangunan kota rendah emisi.",
                "ทั้งสองเมืองเลือกหัวข้อจากรายการมาตรการที่ผู้เชี่ยวชาญทบทวนแล้ว ได้แก่ การปรุงอาหารเชิงพาณิชย์และการปิ้งย่าง จักรยานสาธารณะ การดำเนินงานท่าเรือ บัญชีการปล่อยมลพิษ และการพัฒนาเมืองคาร์บอนต่ำ",
            ),
            "milestones": [milestone("2015-08-01", "done", LAUNCH)],
        },
    ],
    "philadelphia-kaohsiung": [
        {
            "action": "clean-air-action-plan",
            "status": "planned",
            "title": t(
                "Exchange on air-quality management",
                "Trao đổi về quản lý chất lượng không khí",
                "Pertukaran tentang pengelolaan kualitas udara",
                "แลกเปลี่ยนด้านการจัดการคุณภาพอากาศ",
            ),
            "description": t(
                "Two port and industrial cities compare how they manage air quality before choosing the actions to work on.",
                "Hai thành phố cảng và công nghiệp so sánh cách quản lý chất lượng không khí trước khi chọn các hành động sẽ triển khai.",
                "Dua kota pelabuhan dan industri membandingkan cara mengelola kualitas udara sebelum memilih aksi yang akan dikerjakan.",
                "สองเมืองท่าและอุตสาหกรรมเปรียบเทียบวิธีจัดการคุณภาพอากาศ ก่อนเลือกมาตรการที่จะดำเนินการ",
            ),
            "milestones": [milestone("2016-03-02", "done", HLS_ESC)],
        },
    ],
}

# partnership slug → e-mail addresses of the demo experts involved (experts/demo_data.py).
EXPERTS: dict[str, list[str]] = {
    "kitakyushu-haiphong": ["sato.kenji@example.net", "duc.nguyen@example.org"],
    "pasig-taipei": ["hsu.mingyu@example.org", "maria.santos@example.org"],
    "bangkok-san-diego": ["d.alvarez@example.net", "somchai.w@example.org"],
    "taichung-san-jose": ["m.nguyen@example.org", "lin.yating@example.net"],
    "philadelphia-kaohsiung": ["s.johnson@example.net", "chang.wei@example.org"],
}


def _milestone_blocks(milestones: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (
            "milestone",
            {
                "date": entry["date"],
                "status": entry["status"],
                **{f"note_{language}": text for language, text in entry["note"].items()},
            },
        )
        for entry in milestones
    ]


def load(*, stdout: OutputWrapper) -> None:
    load_twinning_demo(stdout=stdout)
    link_demo_experts(stdout=stdout)


def load_twinning_demo(*, stdout: OutputWrapper) -> None:
    actions = {action.slug: action for action in Action.objects.all()}
    partnerships = TwinningPartnership.objects.in_bulk(list(ACTION_ITEMS), field_name="slug")
    count = 0
    english_title = localized_field("title", "en")
    for slug, entries in ACTION_ITEMS.items():
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
    emails = [email for addresses in EXPERTS.values() for email in addresses]
    experts = {expert.email: expert for expert in Expert.objects.filter(email__in=emails)}
    partnerships = TwinningPartnership.objects.in_bulk(list(EXPERTS), field_name="slug")
    for slug, addresses in EXPERTS.items():
        partnership = partnerships.get(slug)
        if partnership is None:
            continue
        partnership.experts.add(*[experts[email] for email in addresses if email in experts])
        partnership.save()  # parental many-to-many relations are written by save()
    stdout.write(f"twinning: experts linked to {len(partnerships)} partnerships")
