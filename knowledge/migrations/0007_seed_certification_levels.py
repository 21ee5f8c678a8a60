"""Seed the certification ladder (five steps of air-quality-management capacity) in four languages,
and let Editors and Reviewers manage levels and city certifications like the other snippets."""

from django.db import migrations

SUFFIXES = ("en", "vi", "ind", "th")

# (slug, rank, names, descriptions, criteria) — names and texts as (en, vi, id, th).
LEVELS = [
    (
        "committed",
        1,
        ("Committed", "Cam kết", "Berkomitmen", "ให้คำมั่น"),
        (
            "The city has publicly committed to cleaner air and named who leads the work.",
            "Thành phố đã cam kết công khai vì không khí sạch hơn và chỉ định đơn vị chủ trì.",
            "Kota telah berkomitmen secara terbuka untuk udara yang lebih bersih dan menunjuk pemimpin kerjanya.",
            "เมืองได้ประกาศคำมั่นต่อสาธารณะเพื่ออากาศที่สะอาดขึ้น และระบุผู้รับผิดชอบงานแล้ว",
        ),
        (
            "A council or mayoral commitment; an air-quality focal unit with staff; a first review of available data.",
            "Cam kết của hội đồng hoặc lãnh đạo thành phố; một đơn vị đầu mối về chất lượng không khí có cán bộ; rà soát ban đầu các dữ liệu sẵn có.",
            "Komitmen dewan atau wali kota; unit penanggung jawab kualitas udara dengan staf; tinjauan awal atas data yang tersedia.",
            "มีคำมั่นจากสภาเมืองหรือผู้บริหาร มีหน่วยงานหลักด้านคุณภาพอากาศพร้อมบุคลากร และทบทวนข้อมูลที่มีอยู่เบื้องต้น",
        ),
    ),
    (
        "measuring",
        2,
        ("Measuring", "Đo lường", "Mengukur", "ตรวจวัด"),
        (
            "The city measures its air and tells residents what it finds.",
            "Thành phố quan trắc không khí và thông báo kết quả cho người dân.",
            "Kota mengukur kualitas udaranya dan menyampaikan hasilnya kepada warga.",
            "เมืองตรวจวัดคุณภาพอากาศและแจ้งผลให้ประชาชนทราบ",
        ),
        (
            "Quality-assured monitoring of PM2.5 and other key pollutants; data published at least daily.",
            "Quan trắc có đảm bảo chất lượng đối với PM2.5 và các chất ô nhiễm chính khác; công bố dữ liệu ít nhất hằng ngày.",
            "Pemantauan PM2.5 dan polutan utama lainnya dengan jaminan mutu; data diterbitkan setidaknya setiap hari.",
            "ตรวจวัด PM2.5 และมลพิษหลักอื่น ๆ โดยมีการประกันคุณภาพ และเผยแพร่ข้อมูลอย่างน้อยวันละครั้ง",
        ),
    ),
    (
        "planning",
        3,
        ("Planning", "Lập kế hoạch", "Merencanakan", "วางแผน"),
        (
            "The city knows where its pollution comes from and has adopted a plan against it.",
            "Thành phố biết ô nhiễm đến từ đâu và đã ban hành kế hoạch để giảm thiểu.",
            "Kota mengetahui asal pencemarannya dan telah menetapkan rencana untuk mengatasinya.",
            "เมืองรู้ว่ามลพิษมาจากแหล่งใด และได้รับรองแผนเพื่อจัดการแล้ว",
        ),
        (
            "An emissions inventory or source apportionment study; a clean-air action plan with targets, adopted by the city.",
            "Có kiểm kê phát thải hoặc nghiên cứu phân bổ nguồn; kế hoạch hành động không khí sạch có mục tiêu, được thành phố phê duyệt.",
            "Inventarisasi emisi atau studi identifikasi sumber; rencana aksi udara bersih dengan target yang ditetapkan oleh kota.",
            "มีบัญชีการปล่อยมลพิษหรือการศึกษาจำแนกแหล่งกำเนิด และแผนปฏิบัติการอากาศสะอาดที่มีเป้าหมายซึ่งเมืองรับรองแล้ว",
        ),
    ),
    (
        "acting",
        4,
        ("Acting", "Hành động", "Bertindak", "ลงมือปฏิบัติ"),
        (
            "The city carries out its plan and tracks what its measures achieve.",
            "Thành phố triển khai kế hoạch và theo dõi hiệu quả của các biện pháp.",
            "Kota menjalankan rencananya dan memantau hasil dari langkah-langkahnya.",
            "เมืองดำเนินการตามแผนและติดตามผลของมาตรการต่าง ๆ",
        ),
        (
            "Measures funded and under way in the main source sectors; indicators reported every year.",
            "Các biện pháp có kinh phí và đang triển khai ở các lĩnh vực phát thải chính; báo cáo chỉ số hằng năm.",
            "Langkah-langkah yang didanai dan berjalan di sektor sumber utama; indikator dilaporkan setiap tahun.",
            "มีมาตรการที่ได้รับงบประมาณและกำลังดำเนินการในภาคส่วนแหล่งกำเนิดหลัก และรายงานตัวชี้วัดทุกปี",
        ),
    ),
    (
        "leading",
        5,
        ("Leading", "Dẫn đầu", "Memimpin", "เป็นผู้นำ"),
        (
            "The city's air is measurably improving and it helps other cities follow.",
            "Chất lượng không khí của thành phố cải thiện rõ rệt và thành phố hỗ trợ các thành phố khác.",
            "Udara kota membaik secara terukur dan kota membantu kota lain mengikutinya.",
            "คุณภาพอากาศของเมืองดีขึ้นอย่างวัดผลได้ และเมืองช่วยให้เมืองอื่นก้าวตาม",
        ),
        (
            "Sustained reductions in PM2.5 over several years; the city mentors a learning city or shares its practices openly.",
            "PM2.5 giảm bền vững qua nhiều năm; thành phố hướng dẫn một thành phố học hỏi hoặc chia sẻ công khai các thực tiễn.",
            "Penurunan PM2.5 yang berkelanjutan selama beberapa tahun; kota membimbing kota pembelajar atau membagikan praktiknya secara terbuka.",
            "PM2.5 ลดลงอย่างต่อเนื่องหลายปี และเมืองเป็นพี่เลี้ยงให้เมืองที่เรียนรู้หรือเผยแพร่แนวปฏิบัติอย่างเปิดเผย",
        ),
    ),
]
SNIPPET_MODELS = ["certificationlevel", "citycertification"]


def translated(field, values):
    return {field: values[0], **{f"{field}_{suffix}": value for suffix, value in zip(SUFFIXES, values, strict=True)}}


def seed(apps, schema_editor):
    CertificationLevel = apps.get_model("knowledge", "CertificationLevel")
    for slug, rank, names, descriptions, criteria in LEVELS:
        CertificationLevel.objects.update_or_create(
            slug=slug,
            defaults={
                "rank": rank,
                **translated("name", names),
                **translated("description", descriptions),
                **translated("criteria", criteria),
            },
        )
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = []
    for model in SNIPPET_MODELS:
        content_type, _created = ContentType.objects.get_or_create(app_label="knowledge", model=model)
        for action in ("add", "change", "delete", "view"):
            permissions.append(
                Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )[0]
            )
    for group in Group.objects.filter(name__in=["Editors", "Reviewers"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0006_certification_ladder"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
