"""Seed the five City-to-City Cooperation (C3) pairs of the Cities Clean Air Partnership."""

from django.db import migrations
from modeltranslation.utils import build_localized_fieldname

# (slug, mentor city, learning city, focus actions, start year, summaries en/vi/id/th)
PARTNERSHIPS = [
    (
        "kitakyushu-haiphong",
        "kitakyushu",
        "haiphong",
        ["emissions-inventory", "port-emission-controls"],
        2015,
        {
            "en": "Kitakyushu shares its experience with Haiphong in building an emissions inventory of the pollution sources in industrial zones and the port.",
            "vi": "Kitakyushu chia sẻ kinh nghiệm với Hải Phòng trong việc xây dựng kiểm kê phát thải các nguồn gây ô nhiễm tại khu công nghiệp và cảng biển.",
            "id": "Kitakyushu berbagi pengalaman dengan Haiphong dalam menyusun inventarisasi emisi dari sumber pencemar di kawasan industri dan pelabuhan.",
            "th": "คิตะคีวชูถ่ายทอดประสบการณ์ให้ไฮฟองในการจัดทำบัญชีการปล่อยมลพิษจากแหล่งกำเนิดในนิคมอุตสาหกรรมและท่าเรือ",
        },
    ),
    (
        "pasig-taipei",
        "taipei",
        "pasig",
        ["public-bike-sharing"],
        2015,
        {
            "en": "Taipei advises Pasig on planning a comprehensive public bike-sharing system.",
            "vi": "Đài Bắc tư vấn cho Pasig xây dựng một hệ thống xe đạp công cộng hoàn chỉnh.",
            "id": "Taipei mendampingi Pasig merencanakan sistem sepeda sewa publik yang menyeluruh.",
            "th": "ไทเปให้คำแนะนำเมืองปาซิกในการวางแผนระบบจักรยานสาธารณะที่ครบวงจร",
        },
    ),
    (
        "bangkok-san-diego",
        "san-diego",
        "bangkok",
        ["emissions-inventory"],
        2015,
        {
            "en": "San Diego works with Bangkok on an emissions inventory of the city's air pollution sources.",
            "vi": "San Diego hợp tác với Băng Cốc xây dựng kiểm kê phát thải các nguồn ô nhiễm không khí của thành phố.",
            "id": "San Diego bekerja sama dengan Bangkok menyusun inventarisasi emisi sumber pencemaran udara kota.",
            "th": "ซานดิเอโกร่วมมือกับกรุงเทพมหานครจัดทำบัญชีการปล่อยมลพิษจากแหล่งกำเนิดมลพิษทางอากาศของเมือง",
        },
    ),
    (
        "taichung-san-jose",
        "san-jose",
        "taichung",
        [],
        2015,
        {
            "en": "One of the first pairs of the C3 programme; the two cities choose their topics from the programme's expert-reviewed action list.",
            "vi": "Một trong những cặp thành phố đầu tiên của chương trình C3; hai thành phố chọn chủ đề từ danh mục hành động đã được chuyên gia thẩm định.",
            "id": "Salah satu pasangan pertama program C3; kedua kota memilih topik dari daftar aksi program yang telah ditinjau para pakar.",
            "th": "หนึ่งในคู่เมืองชุดแรกของโครงการ C3 ทั้งสองเมืองเลือกหัวข้อจากรายการมาตรการที่ผ่านการทบทวนโดยผู้เชี่ยวชาญ",
        },
    ),
    (
        "philadelphia-kaohsiung",
        "philadelphia",
        "kaohsiung",
        [],
        None,
        {
            "en": "The fifth pair of the C3 programme, exchanging air-quality management practice between Philadelphia and Kaohsiung.",
            "vi": "Cặp thành phố thứ năm của chương trình C3, trao đổi kinh nghiệm quản lý chất lượng không khí giữa Philadelphia và Cao Hùng.",
            "id": "Pasangan kelima program C3, bertukar praktik pengelolaan kualitas udara antara Philadelphia dan Kaohsiung.",
            "th": "คู่เมืองที่ห้าของโครงการ C3 แลกเปลี่ยนแนวปฏิบัติด้านการจัดการคุณภาพอากาศระหว่างฟิลาเดลเฟียและเกาสง",
        },
    ),
]


def seed(apps, schema_editor):
    City = apps.get_model("knowledge", "City")
    Action = apps.get_model("knowledge", "Action")
    TwinningPartnership = apps.get_model("knowledge", "TwinningPartnership")
    for slug, mentor, learning, actions, start_year, summaries in PARTNERSHIPS:
        defaults = {
            "mentor_city": City.objects.get(slug=mentor),
            "learning_city": City.objects.get(slug=learning),
            "start_year": start_year,
            "status": "active",
            "summary": summaries["en"],
        }
        for language, text in summaries.items():
            defaults[build_localized_fieldname("summary", language)] = text
        partnership, _created = TwinningPartnership.objects.update_or_create(slug=slug, defaults=defaults)
        partnership.focus_actions.set(Action.objects.filter(slug__in=actions))


def unseed(apps, schema_editor):
    TwinningPartnership = apps.get_model("knowledge", "TwinningPartnership")
    TwinningPartnership.objects.filter(slug__in=[row[0] for row in PARTNERSHIPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0003_knowledge_pages_and_twinning")]

    operations = [migrations.RunPython(seed, unseed)]
