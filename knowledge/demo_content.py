"""Demo knowledge pages, drawn from the facts in the shared seed documents.

Each entry: slug, translated title/summary/body ({lang: text}), city, partner cities, taxonomy
slugs, year and type-specific fields. A few translations are left out on purpose so readers
see the "not yet available in …" notice.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def t(en: str, vi: str | None = None, id: str | None = None, th: str | None = None) -> dict[str, str]:
    return {lang: text for lang, text in {"en": en, "vi": vi, "id": id, "th": th}.items() if text}


def indicator_results(
    name: dict[str, str], unit: str, *, baseline: tuple[int, str], results: list[tuple[int, str]]
) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """A results stream per language: the baseline on the first block, one block per result year.

    The blocks share the indicator's name and unit, so the page draws them as one chart.
    """
    baseline_year, baseline_value = baseline
    streams: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for language, label in name.items():
        blocks = []
        for index, (year, value) in enumerate(results):
            block = {"indicator": label, "unit": unit, "result": Decimal(value), "year": year}
            if index == 0:
                block.update(baseline=Decimal(baseline_value), baseline_year=baseline_year)
            blocks.append(("indicator", block))
        streams[language] = blocks
    return streams


# Beijing's annual mean PM2.5 as published by the Beijing Municipal Ecology and Environment Bureau
# (and reviewed in UNEP's 2019 report on 20 years of air pollution control in Beijing).
BEIJING_PM25 = indicator_results(
    t(
        "Annual mean PM2.5 concentration",
        "Nồng độ PM2.5 trung bình năm",
        "Konsentrasi rata-rata tahunan PM2.5",
        "ความเข้มข้นเฉลี่ยรายปีของ PM2.5",
    ),
    "µg/m³",
    baseline=(2013, "89.5"),
    results=[(2015, "80.6"), (2017, "58"), (2019, "42")],
)
BEIJING_SOURCES = {
    language: [("source", {"title": title, "url": "", "document": None})]
    for language, title in t(
        "UNEP (2019), A Review of 20 Years' Air Pollution Control in Beijing; Beijing Municipal Ecology and Environment Bureau, annual environmental bulletins",
        "UNEP (2019), Đánh giá 20 năm kiểm soát ô nhiễm không khí ở Bắc Kinh; Sở Sinh thái và Môi trường Bắc Kinh, thông báo môi trường hằng năm",
        "UNEP (2019), Tinjauan 20 Tahun Pengendalian Pencemaran Udara di Beijing; Biro Ekologi dan Lingkungan Kota Beijing, buletin lingkungan tahunan",
        "UNEP (2562), การทบทวน 20 ปีของการควบคุมมลพิษทางอากาศในปักกิ่ง; สำนักงานนิเวศวิทยาและสิ่งแวดล้อมนครปักกิ่ง รายงานสิ่งแวดล้อมประจำปี",
    ).items()
}
# The seeds give no figures for these two: the numbers are made up to show the charts, and say so.
BANGKOK_DAYS = indicator_results(
    t(
        "Days above the national PM2.5 standard (illustrative figures)",
        "Số ngày vượt chuẩn PM2.5 quốc gia (số liệu minh họa)",
        "Hari di atas baku mutu PM2.5 nasional (angka ilustrasi)",
        "จำนวนวันที่ PM2.5 เกินมาตรฐานแห่งชาติ (ตัวเลขสมมติเพื่อประกอบ)",
    ),
    "",
    baseline=(2019, "62"),
    results=[(2022, "41")],
)
ULAANBAATAR_GREEN = indicator_results(
    t(
        "Green space created with residents (illustrative figures)",
        "Diện tích cây xanh tạo cùng người dân (số liệu minh họa)",
        "Ruang hijau yang dibuat bersama warga (angka ilustrasi)",
        "พื้นที่สีเขียวที่สร้างร่วมกับชาวเมือง (ตัวเลขสมมติเพื่อประกอบ)",
    ),
    "ha",
    baseline=(2017, "12"),
    results=[(2019, "19.5")],
)


CASE_STUDIES: list[dict[str, Any]] = [
    {
        "slug": "haiphong-emissions-inventory-industrial-zones-and-ports",
        "report": {
            "filename": "haiphong-emissions-inventory-summary.pdf",
            "title": t(
                "Haiphong emissions inventory: summary report (PDF)",
                "Kiểm kê phát thải Hải Phòng: báo cáo tóm tắt (PDF)",
                "Inventarisasi emisi Haiphong: laporan ringkas (PDF)",
                "บัญชีการปล่อยมลพิษของไฮฟอง: รายงานสรุป (PDF)",
            ),
        },
        "partnership": "kitakyushu-haiphong",
        "city": "haiphong",
        "partner_cities": ["kitakyushu"],
        "themes": ["clean-air-for-all"],
        "pollutants": ["pm25", "so2", "no2"],
        "sectors": ["industry", "shipping-and-ports"],
        "actions": ["emissions-inventory", "port-emission-controls"],
        "year": 2015,
        "period": t("Since 2015", "Từ năm 2015", "Sejak 2015", "ตั้งแต่ปี 2558"),
        "title": t(
            "Haiphong maps emissions from its industrial zones and port",
            "Hải Phòng lập kiểm kê phát thải khu công nghiệp và cảng biển",
            "Haiphong memetakan emisi kawasan industri dan pelabuhannya",
            "ไฮฟองจัดทำบัญชีการปล่อยมลพิษจากนิคมอุตสาหกรรมและท่าเรือ",
        ),
        "summary": t(
            "Paired with Kitakyushu under the C3 programme, Haiphong set out to inventory the air pollution sources in its industrial zones and port.",
            "Kết nghĩa với Kitakyushu trong chương trình C3, Hải Phòng bắt tay kiểm kê các nguồn gây ô nhiễm không khí tại khu công nghiệp và cảng biển.",
            "Berpasangan dengan Kitakyushu dalam program C3, Haiphong mulai menginventarisasi sumber pencemaran udara di kawasan industri dan pelabuhannya.",
            "ไฮฟองจับคู่กับคิตะคีวชูภายใต้โครงการ C3 เพื่อสำรวจแหล่งกำเนิดมลพิษทางอากาศในนิคมอุตสาหกรรมและท่าเรือ",
        ),
        "body": t(
            "<p>An emissions inventory tells a city which sources matter most. Haiphong chose to start where industry and shipping meet: its industrial zones and its port.</p><p>Kitakyushu, which cleaned up its own industrial air decades ago, acts as the mentor city.</p>",
            "<p>Kiểm kê phát thải cho thành phố biết nguồn nào quan trọng nhất. Hải Phòng chọn bắt đầu từ nơi công nghiệp và hàng hải gặp nhau: các khu công nghiệp và cảng biển.</p><p>Kitakyushu, thành phố từng tự làm sạch không khí công nghiệp của mình nhiều thập kỷ trước, là thành phố hướng dẫn.</p>",
            "<p>Inventarisasi emisi menunjukkan sumber mana yang paling berpengaruh. Haiphong memulai dari tempat industri dan pelayaran bertemu: kawasan industri dan pelabuhannya.</p><p>Kitakyushu, yang puluhan tahun lalu membersihkan udara industrinya sendiri, berperan sebagai kota mentor.</p>",
            "<p>บัญชีการปล่อยมลพิษบอกเมืองว่าแหล่งใดสำคัญที่สุด ไฮฟองเลือกเริ่มจากจุดที่อุตสาหกรรมและการเดินเรือมาบรรจบกัน คือนิคมอุตสาหกรรมและท่าเรือ</p><p>คิตะคีวชูซึ่งเคยแก้ปัญหาอากาศจากอุตสาหกรรมของตนเองเมื่อหลายสิบปีก่อน ทำหน้าที่เป็นเมืองพี่เลี้ยง</p>",
        ),
        "lessons_learned": t(
            "<p>Starting with a few well-defined source areas makes the first inventory manageable.</p>",
            "<p>Bắt đầu với một vài khu vực nguồn thải được xác định rõ giúp lần kiểm kê đầu tiên khả thi hơn.</p>",
            "<p>Memulai dari beberapa area sumber yang jelas membuat inventarisasi pertama lebih mudah dikelola.</p>",
            "<p>การเริ่มจากพื้นที่แหล่งกำเนิดไม่กี่แห่งที่กำหนดขอบเขตชัดเจนทำให้การจัดทำบัญชีการปล่อยมลพิษครั้งแรกทำได้จริง</p>",
        ),
    },
    {
        "slug": "pasig-public-bike-sharing",
        "partnership": "pasig-taipei",
        "city": "pasig",
        "partner_cities": ["taipei"],
        "themes": ["cities-for-a-sustainable-future"],
        "pollutants": ["pm25", "no2"],
        "sectors": ["road-transport"],
        "actions": ["public-bike-sharing"],
        "year": 2015,
        "title": t(
            "Pasig plans a comprehensive public bike-sharing system",
            "Pasig xây dựng hệ thống xe đạp công cộng toàn diện",
            "Pasig merancang sistem sepeda sewa publik yang menyeluruh",
            "ปาซิกวางแผนระบบจักรยานสาธารณะแบบครบวงจร",
        ),
        "summary": t(
            "Learning from Taipei, Pasig works on bike sharing as a clean way to make short trips.",
            "Học hỏi từ Đài Bắc, Pasig phát triển xe đạp công cộng như một cách đi lại quãng ngắn sạch.",
            "Belajar dari Taipei, Pasig mengembangkan sepeda sewa sebagai cara bersih untuk perjalanan pendek.",
            "ปาซิกเรียนรู้จากไทเปในการพัฒนาจักรยานสาธารณะเป็นทางเลือกที่สะอาดสำหรับการเดินทางระยะสั้น",
        ),
        "body": t(
            "<p>Short car and tricycle trips add to roadside pollution. A bike-sharing system offers an alternative if stations, bikes and safe lanes come together.</p>",
            "<p>Những chuyến đi ngắn bằng ô tô và xe ba bánh làm tăng ô nhiễm ven đường. Hệ thống xe đạp công cộng là một lựa chọn thay thế khi có đủ trạm, xe và làn đường an toàn.</p>",
            "<p>Perjalanan pendek dengan mobil dan becak motor menambah polusi di tepi jalan. Sepeda sewa menjadi alternatif bila stasiun, sepeda, dan jalur aman tersedia bersama.</p>",
            "<p>การเดินทางระยะสั้นด้วยรถยนต์และรถสามล้อเพิ่มมลพิษริมถนน ระบบจักรยานสาธารณะเป็นทางเลือกได้เมื่อมีสถานี จักรยาน และเส้นทางที่ปลอดภัยพร้อมกัน</p>",
        ),
    },
    {
        "slug": "bangkok-emissions-inventory-with-san-diego",
        "partnership": "bangkok-san-diego",
        "city": "bangkok",
        "partner_cities": ["san-diego"],
        "themes": ["clean-air-for-all"],
        "pollutants": ["pm25", "pm10"],
        "sectors": ["road-transport", "industry"],
        "actions": ["emissions-inventory"],
        "year": 2015,
        "title": t(
            "Bangkok and San Diego build an emissions inventory",
            "Băng Cốc và San Diego xây dựng kiểm kê phát thải",
            "Bangkok dan San Diego menyusun inventarisasi emisi",
            "กรุงเทพมหานครและซานดิเอโกร่วมจัดทำบัญชีการปล่อยมลพิษ",
        ),
        "summary": t(
            "Bangkok works with San Diego on an inventory of the city's air pollution sources.",
            "Băng Cốc hợp tác với San Diego kiểm kê các nguồn ô nhiễm không khí của thành phố.",
            "Bangkok bekerja sama dengan San Diego menginventarisasi sumber pencemaran udara kota.",
            "กรุงเทพมหานครร่วมมือกับซานดิเอโกจัดทำบัญชีแหล่งกำเนิดมลพิษทางอากาศของเมือง",
        ),
        "body": t(
            "<p>The inventory gives Bangkok a common picture of where its emissions come from, the basis for choosing measures and checking whether they work.</p>",
            "<p>Bản kiểm kê giúp Băng Cốc có bức tranh chung về nguồn phát thải, làm cơ sở để chọn biện pháp và kiểm tra hiệu quả.</p>",
            "<p>Inventarisasi memberi Bangkok gambaran bersama tentang asal emisinya, dasar untuk memilih langkah dan memeriksa hasilnya.</p>",
            "<p>บัญชีการปล่อยมลพิษทำให้กรุงเทพฯ เห็นภาพร่วมกันว่ามลพิษมาจากไหน เป็นพื้นฐานในการเลือกมาตรการและติดตามผล</p>",
        ),
    },
    {
        "slug": "taichung-san-jose-twinning",
        "partnership": "taichung-san-jose",
        "city": "taichung",
        "partner_cities": ["san-jose"],
        "themes": ["cities-for-a-sustainable-future"],
        "actions": [],
        "year": 2015,
        "title": t(
            "Taichung and San Jose: an early C3 partnership",
            "Đài Trung và San Jose: một cặp kết nghĩa đầu tiên của C3",
            "Taichung dan San Jose: kemitraan awal program C3",
            "ไถจงและซานโฮเซ: คู่เมืองรุ่นแรกของโครงการ C3",
        ),
        "summary": t(
            "One of the first pairs of the City-to-City Cooperation programme of the Cities Clean Air Partnership.",
            "Một trong những cặp thành phố đầu tiên của Chương trình Hợp tác giữa các Thành phố thuộc Đối tác Không khí sạch cho Đô thị.",
            "Salah satu pasangan pertama program Kerja Sama Antarkota dari Kemitraan Udara Bersih Kota.",
            "หนึ่งในคู่เมืองแรกของโครงการความร่วมมือระหว่างเมือง ภายใต้หุ้นส่วนอากาศสะอาดของเมือง",
        ),
        "body": t(
            "<p>The pair works from the programme's expert-reviewed action list, which covers commercial cooking and grilling, public bike sharing, port operations, emissions inventories and low-emission urban development.</p>",
            "<p>Hai thành phố làm việc theo danh mục hành động đã được chuyên gia thẩm định của chương trình, gồm nấu nướng thương mại, xe đạp công cộng, hoạt động cảng, kiểm kê phát thải và phát triển đô thị phát thải thấp.</p>",
            "<p>Pasangan ini bekerja berdasarkan daftar aksi program yang ditinjau pakar: memasak komersial, sepeda sewa publik, operasi pelabuhan, inventarisasi emisi, dan pembangunan kota rendah emisi.</p>",
            "<p>คู่เมืองนี้ทำงานตามรายการมาตรการของโครงการที่ผู้เชี่ยวชาญทบทวนแล้ว ครอบคลุมการปรุงอาหารเชิงพาณิชย์และการปิ้งย่าง จักรยานสาธารณะ การดำเนินงานของท่าเรือ บัญชีการปล่อยมลพิษ และการพัฒนาเมืองแบบปล่อยมลพิษต่ำ</p>",
        ),
    },
    {
        "slug": "kaohsiung-philadelphia-twinning",
        "partnership": "philadelphia-kaohsiung",
        "city": "kaohsiung",
        "partner_cities": ["philadelphia"],
        "themes": ["clean-air-for-all"],
        "actions": [],
        "year": 2016,
        "title": t(
            "Kaohsiung and Philadelphia exchange air-quality practice",
            "Cao Hùng và Philadelphia trao đổi kinh nghiệm quản lý chất lượng không khí",
            "Kaohsiung dan Philadelphia bertukar praktik kualitas udara",
            "เกาสงและฟิลาเดลเฟียแลกเปลี่ยนแนวปฏิบัติด้านคุณภาพอากาศ",
        ),
        "summary": t(
            "The fifth pair of the C3 programme, linking two port and industrial cities.",
            "Cặp thứ năm của chương trình C3, kết nối hai thành phố cảng và công nghiệp.",
            "Pasangan kelima program C3 yang menghubungkan dua kota pelabuhan dan industri.",
            "คู่เมืองที่ห้าของโครงการ C3 ซึ่งเชื่อมโยงสองเมืองท่าและเมืองอุตสาหกรรม",
        ),
        "body": t(
            "<p>Both cities combine a large port with heavy industry, so the exchange starts from shared challenges rather than a single measure.</p>",
            "<p>Cả hai thành phố đều có cảng lớn và công nghiệp nặng, nên việc trao đổi bắt đầu từ những thách thức chung thay vì một biện pháp riêng lẻ.</p>",
            "<p>Kedua kota memiliki pelabuhan besar dan industri berat, sehingga pertukaran dimulai dari tantangan bersama, bukan satu langkah tertentu.</p>",
            "<p>ทั้งสองเมืองมีท่าเรือขนาดใหญ่และอุตสาหกรรมหนัก การแลกเปลี่ยนจึงเริ่มจากความท้าทายร่วมกันมากกว่ามาตรการเดียว</p>",
        ),
    },
    {
        "slug": "bangkok-pm25-action-plan",
        "results": BANGKOK_DAYS,
        "city": "bangkok",
        "themes": ["clean-air-for-all"],
        "pollutants": ["pm25"],
        "sectors": ["road-transport", "open-waste-burning", "construction-dust"],
        "actions": ["clean-air-action-plan", "public-information-and-alerts"],
        "year": 2022,
        "title": t(
            "A science-based PM2.5 action plan for Bangkok",
            "Kế hoạch hành động PM2.5 dựa trên khoa học cho Băng Cốc",
            "Rencana aksi PM2.5 berbasis sains untuk Bangkok",
            "แผนปฏิบัติการ PM2.5 บนฐานวิทยาศาสตร์ของกรุงเทพมหานคร",
        ),
        "summary": t(
            "Linking source data with local measures to build a city-level clean-air action plan.",
            "Kết nối dữ liệu nguồn thải với các biện pháp địa phương để xây dựng kế hoạch hành động không khí sạch cấp thành phố.",
            "Menghubungkan data sumber emisi dengan langkah lokal untuk menyusun rencana aksi udara bersih tingkat kota.",
            "เชื่อมข้อมูลแหล่งกำเนิดกับมาตรการในพื้นที่ เพื่อจัดทำแผนปฏิบัติการอากาศสะอาดระดับเมือง",
        ),
        "body": t(
            "<p>The method tested in the ESCAP regional project combines new data sources, forecasting and machine learning to identify the main sources of pollution, then links them to actions the city can take itself.</p>",
            "<p>Phương pháp được thử nghiệm trong dự án khu vực của ESCAP kết hợp nguồn dữ liệu mới, dự báo và học máy để xác định nguồn ô nhiễm chính, rồi gắn chúng với những hành động thành phố có thể tự thực hiện.</p>",
            "<p>Metode yang diuji dalam proyek regional ESCAP menggabungkan sumber data baru, prakiraan, dan pembelajaran mesin untuk mengenali sumber utama polusi, lalu mengaitkannya dengan aksi yang dapat dilakukan kota sendiri.</p>",
            "<p>วิธีการที่ทดลองในโครงการระดับภูมิภาคของ ESCAP ผสานแหล่งข้อมูลใหม่ การพยากรณ์ และการเรียนรู้ของเครื่อง เพื่อระบุแหล่งมลพิษหลัก แล้วเชื่อมโยงกับมาตรการที่เมืองดำเนินการได้เอง</p>",
        ),
    },
    {
        "slug": "hanoi-air-quality-monitoring",
        "city": "hanoi",
        "themes": ["clean-air-for-all"],
        "pollutants": ["pm25", "pm10", "no2"],
        "actions": ["air-quality-monitoring", "public-information-and-alerts"],
        "year": 2019,
        "title": t(
            "Hanoi extends air-quality monitoring",
            "Hà Nội mở rộng quan trắc chất lượng không khí",
            "Hanoi memperluas pemantauan kualitas udara",
            "ฮานอยขยายการตรวจวัดคุณภาพอากาศ",
        ),
        "summary": t(
            "More monitoring points and open data help residents decide how to protect themselves.",
            "Thêm điểm quan trắc và dữ liệu mở giúp người dân chủ động bảo vệ sức khỏe.",
            "Lebih banyak titik pemantauan dan data terbuka membantu warga melindungi diri.",
            "จุดตรวจวัดที่มากขึ้นและข้อมูลเปิดช่วยให้ประชาชนตัดสินใจปกป้องตนเองได้",
        ),
        "body": t(
            "<p>A denser network shows how pollution differs between districts and hours, and gives the city a baseline to judge its measures against.</p>",
            "<p>Mạng lưới dày hơn cho thấy mức ô nhiễm khác nhau giữa các quận và các giờ trong ngày, đồng thời tạo cơ sở để đánh giá các biện pháp của thành phố.</p>",
            "<p>Jaringan yang lebih rapat memperlihatkan perbedaan polusi antarwilayah dan antarjam, serta menjadi dasar untuk menilai langkah-langkah kota.</p>",
            "<p>เครือข่ายที่หนาแน่นขึ้นแสดงให้เห็นความแตกต่างของมลพิษระหว่างเขตและช่วงเวลา และเป็นฐานในการประเมินมาตรการของเมือง</p>",
        ),
    },
    {
        "slug": "jakarta-low-emission-zone",
        "city": "jakarta",
        "themes": ["cities-for-a-sustainable-future"],
        "pollutants": ["pm25", "no2"],
        "sectors": ["road-transport"],
        "actions": ["low-emission-zones"],
        "year": 2021,
        "title": t(
            "Jakarta's low-emission zone",
            "Vùng phát thải thấp của Jakarta",
            "Zona emisi rendah Jakarta",
            "เขตปล่อยมลพิษต่ำของจาการ์ตา",
        ),
        "summary": t(
            "Restricting the most polluting traffic in a central district while making walking and public transport easier.",
            "Hạn chế phương tiện gây ô nhiễm nhất ở khu trung tâm, đồng thời khuyến khích đi bộ và giao thông công cộng.",
            "Membatasi kendaraan paling berpolusi di kawasan pusat sambil memudahkan pejalan kaki dan angkutan umum.",
            "จำกัดยานพาหนะที่ก่อมลพิษมากที่สุดในย่านใจกลางเมือง พร้อมทำให้การเดินและขนส่งสาธารณะสะดวกขึ้น",
        ),
        "body": t(
            "<p>A low-emission zone works best as part of urban development: fewer polluting vehicles, better streets for people, and public transport that reaches the zone.</p>",
            "<p>Vùng phát thải thấp hiệu quả nhất khi là một phần của phát triển đô thị: ít xe gây ô nhiễm hơn, đường phố thân thiện hơn với con người và giao thông công cộng đến được khu vực.</p>",
            "<p>Zona emisi rendah paling efektif sebagai bagian dari pembangunan kota: lebih sedikit kendaraan berpolusi, jalan yang lebih ramah bagi warga, dan angkutan umum yang menjangkau kawasan itu.</p>",
            "<p>เขตปล่อยมลพิษต่ำได้ผลดีที่สุดเมื่อเป็นส่วนหนึ่งของการพัฒนาเมือง ได้แก่ ยานพาหนะก่อมลพิษน้อยลง ถนนที่เป็นมิตรกับคน และขนส่งสาธารณะที่เข้าถึงพื้นที่</p>",
        ),
    },
    {
        "slug": "chiang-mai-agricultural-burning-alerts",
        "city": "chiang-mai",
        "themes": ["clean-air-for-all", "safeguarding-ecosystem-health"],
        "pollutants": ["pm25", "black-carbon"],
        "sectors": ["agricultural-burning"],
        "actions": ["forecasting-and-early-warning", "public-information-and-alerts"],
        "year": 2020,
        "title": t(
            "Chiang Mai's early warnings for the burning season",
            "Cảnh báo sớm mùa đốt nông nghiệp ở Chiang Mai",
            "Peringatan dini musim pembakaran di Chiang Mai",
            "ระบบเตือนภัยล่วงหน้าช่วงฤดูเผาของเชียงใหม่",
        ),
        "summary": t(
            "Forecasts of haze from agricultural burning reach schools, hospitals and residents before the smoke does.",
            "Dự báo khói mù từ đốt nông nghiệp đến được trường học, bệnh viện và người dân trước khi khói tới.",
            "Prakiraan kabut asap dari pembakaran lahan pertanian sampai ke sekolah, rumah sakit, dan warga sebelum asapnya tiba.",
            "การพยากรณ์หมอกควันจากการเผาในภาคเกษตรไปถึงโรงเรียน โรงพยาบาล และประชาชนก่อนควันจะมาถึง",
        ),
        "body": t(
            "<p>Each dry season, smoke from burning fields and forests settles over the valley. Alerts based on forecasts let people plan ahead and let the authorities target enforcement.</p>",
            "<p>Mỗi mùa khô, khói từ đốt đồng ruộng và rừng bao phủ thung lũng. Cảnh báo dựa trên dự báo giúp người dân chủ động và giúp chính quyền tập trung kiểm soát.</p>",
            "<p>Setiap musim kemarau, asap dari pembakaran ladang dan hutan menyelimuti lembah. Peringatan berbasis prakiraan membantu warga bersiap dan membantu pemerintah menentukan sasaran penegakan.</p>",
            "<p>ทุกฤดูแล้ง ควันจากการเผาไร่และป่าปกคลุมแอ่งเชียงใหม่ การแจ้งเตือนจากการพยากรณ์ช่วยให้ประชาชนเตรียมตัวและหน่วยงานวางแผนการบังคับใช้กฎหมายได้ตรงจุด</p>",
        ),
    },
    {
        "slug": "seoul-sharing-air-quality-policy",
        "city": "seoul",
        "themes": ["clean-air-for-all", "raising-climate-ambition"],
        "pollutants": ["pm25", "no2"],
        "actions": ["clean-air-action-plan"],
        "year": 2016,
        "title": t(
            "Seoul shares its air-quality policy with peer cities",
            "Seoul chia sẻ chính sách chất lượng không khí với các thành phố bạn",
            "Seoul berbagi kebijakan kualitas udara dengan kota mitra",
            "โซลแบ่งปันนโยบายคุณภาพอากาศกับเมืองพันธมิตร",
        ),
        "summary": t(
            "Through an annual forum and training with the Seoul Human Resources Development Center, Seoul opens its experience to Asian local governments.",
            "Thông qua diễn đàn thường niên và các khóa đào tạo với Trung tâm Phát triển Nguồn nhân lực Seoul, Seoul chia sẻ kinh nghiệm với chính quyền địa phương châu Á.",
            "Melalui forum tahunan dan pelatihan bersama Seoul Human Resources Development Center, Seoul membuka pengalamannya bagi pemerintah daerah di Asia.",
            "โซลเปิดประสบการณ์ให้รัฐบาลท้องถิ่นในเอเชียผ่านเวทีประจำปีและการฝึกอบรมร่วมกับศูนย์พัฒนาทรัพยากรมนุษย์แห่งโซล",
        ),
        "body": t(
            "<p>Since 2016 ICLEI has co-organised yearly training with the Seoul Human Resources Development Center, covering air-quality management, energy transition, waste management and pedestrian-friendly streets.</p>",
            "<p>Từ năm 2016, ICLEI đồng tổ chức các khóa đào tạo hằng năm với Trung tâm Phát triển Nguồn nhân lực Seoul về quản lý chất lượng không khí, chuyển dịch năng lượng, quản lý chất thải và đô thị thân thiện với người đi bộ.</p>",
            "<p>Sejak 2016 ICLEI bersama Seoul Human Resources Development Center menyelenggarakan pelatihan tahunan tentang pengelolaan kualitas udara, transisi energi, pengelolaan sampah, dan kota ramah pejalan kaki.</p>",
            "<p>ตั้งแต่ปี 2559 ICLEI ร่วมจัดการฝึกอบรมประจำปีกับศูนย์พัฒนาทรัพยากรมนุษย์แห่งโซล ครอบคลุมการจัดการคุณภาพอากาศ การเปลี่ยนผ่านพลังงาน การจัดการขยะ และเมืองที่เป็นมิตรกับคนเดินเท้า</p>",
        ),
    },
    {
        "slug": "beijing-air-quality-management",
        "results": BEIJING_PM25,
        "sources": BEIJING_SOURCES,
        "city": "beijing",
        "themes": ["clean-air-for-all"],
        "pollutants": ["pm25", "so2", "no2"],
        "sectors": ["power", "industry", "road-transport", "residential-cooking-and-heating"],
        "actions": ["clean-air-action-plan", "source-apportionment"],
        "year": 2019,
        "title": t(
            "Beijing's air-quality management, benchmarked",
            "Quản lý chất lượng không khí của Bắc Kinh qua lăng kính so sánh",
            "Pengelolaan kualitas udara Beijing dalam perbandingan",
            "การจัดการคุณภาพอากาศของปักกิ่งเทียบกับเมืองชั้นนำ",
        ),
        "summary": t(
            "A case study of Beijing compared with five international regions: California, New York, Paris, Seoul and Tokyo.",
            "Nghiên cứu điển hình về Bắc Kinh so sánh với năm khu vực quốc tế: California, New York, Paris, Seoul và Tokyo.",
            "Studi kasus Beijing yang dibandingkan dengan lima wilayah internasional: California, New York, Paris, Seoul, dan Tokyo.",
            "กรณีศึกษาปักกิ่งเปรียบเทียบกับห้าภูมิภาคนานาชาติ ได้แก่ แคลิฟอร์เนีย นิวยอร์ก ปารีส โซล และโตเกียว",
        ),
        "body": t(
            "<p>The Beijing Municipal Ecology and Environment Bureau, supported by ICLEI East Asia, documented how the city manages air quality and set it against five benchmark regions.</p>",
            "<p>Sở Sinh thái và Môi trường Bắc Kinh, với sự hỗ trợ của ICLEI Đông Á, đã ghi lại cách thành phố quản lý chất lượng không khí và đặt cạnh năm khu vực chuẩn.</p>",
            "<p>Biro Ekologi dan Lingkungan Kota Beijing, didukung ICLEI Asia Timur, mendokumentasikan cara kota mengelola kualitas udara dan membandingkannya dengan lima wilayah acuan.</p>",
            "<p>สำนักงานนิเวศวิทยาและสิ่งแวดล้อมนครปักกิ่ง โดยการสนับสนุนของ ICLEI เอเชียตะวันออก ได้บันทึกวิธีการจัดการคุณภาพอากาศของเมืองและเปรียบเทียบกับห้าภูมิภาคต้นแบบ</p>",
        ),
    },
    {
        "slug": "shenzhen-electric-buses",
        "city": "shenzhen",
        "themes": ["raising-climate-ambition", "cities-for-a-sustainable-future"],
        "pollutants": ["no2", "pm25", "black-carbon"],
        "sectors": ["road-transport"],
        "actions": ["low-emission-zones"],
        "year": 2018,
        "title": t(
            "Shenzhen's electric bus fleet",
            "Đội xe buýt điện của Thâm Quyến",
            "Armada bus listrik Shenzhen",
            "กองรถโดยสารไฟฟ้าของเซินเจิ้น",
        ),
        "summary": t(
            "Replacing diesel buses with electric ones cuts exhaust where people wait and walk.",
            "Thay xe buýt chạy dầu bằng xe buýt điện giúp giảm khí thải ở nơi người dân chờ xe và đi bộ.",
            "Mengganti bus diesel dengan bus listrik mengurangi gas buang di tempat warga menunggu dan berjalan.",
            "การเปลี่ยนรถโดยสารดีเซลเป็นรถไฟฟ้าช่วยลดไอเสียในจุดที่ผู้คนรอรถและเดินเท้า",
        ),
        # Left in English and Vietnamese only, so Indonesian and Thai readers see the notice
        # (a gap kept on purpose: knowledge.demo.DEMO_UNTRANSLATED).
        "body": t(
            "<p>Electrifying a whole bus fleet needs depots with charging, new maintenance skills and timetables planned around charging time.</p>",
            "<p>Điện khí hóa toàn bộ đội xe buýt đòi hỏi bãi đỗ có trạm sạc, kỹ năng bảo dưỡng mới và lịch chạy tính đến thời gian sạc.</p>",
        ),
    },
    {
        "slug": "ulaanbaatar-ger-district-heating",
        "results": ULAANBAATAR_GREEN,
        "city": "ulaanbaatar",
        "themes": ["clean-air-for-all", "safeguarding-ecosystem-health"],
        "pollutants": ["pm25", "so2", "co"],
        "sectors": ["residential-cooking-and-heating"],
        "actions": ["clean-air-action-plan"],
        "year": 2019,
        "period": t("2017–2019", "2017–2019", "2017–2019", "2560–2562"),
        "title": t(
            "Ulaanbaatar: cleaner heating and green space in the ger districts",
            "Ulaanbaatar: sưởi ấm sạch hơn và mảng xanh ở các khu lều ger",
            "Ulan Bator: pemanas yang lebih bersih dan ruang hijau di distrik ger",
            "อูลานบาตอร์: การให้ความร้อนที่สะอาดขึ้นและพื้นที่สีเขียวในย่านเกอร์",
        ),
        "summary": t(
            "Winter heating with coal stoves is the main source of smoke; citizens also planted green space under the Green Lung project.",
            "Sưởi ấm mùa đông bằng bếp than là nguồn khói chính; người dân còn trồng mảng xanh trong dự án Lá phổi xanh.",
            "Pemanas musim dingin berbahan batu bara adalah sumber asap utama; warga juga menanam ruang hijau dalam proyek Paru-paru Hijau.",
            "การใช้เตาถ่านหินให้ความอบอุ่นในฤดูหนาวเป็นแหล่งควันหลัก ประชาชนยังร่วมปลูกพื้นที่สีเขียวในโครงการปอดสีเขียว",
        ),
        "body": t(
            "<p>From 2017 to 2019 the Mongolian Ministry of Environment and Innovation and the Business Development Center of the Mongolia University of Life Sciences ran the Green Lung project, with seed funding from EACAC, to involve citizens in creating green space for better air.</p>",
            "<p>Từ năm 2017 đến 2019, Bộ Môi trường và Đổi mới Mông Cổ cùng Trung tâm Phát triển Doanh nghiệp của Đại học Khoa học Đời sống Mông Cổ thực hiện dự án Lá phổi xanh với vốn mồi từ EACAC, thu hút người dân tạo mảng xanh vì không khí tốt hơn.</p>",
            "<p>Pada 2017–2019 Kementerian Lingkungan dan Inovasi Mongolia bersama Pusat Pengembangan Bisnis Universitas Ilmu Hayati Mongolia menjalankan proyek Paru-paru Hijau dengan dana awal dari EACAC untuk melibatkan warga menciptakan ruang hijau demi udara yang lebih baik.</p>",
            "<p>ระหว่างปี 2560–2562 กระทรวงสิ่งแวดล้อมและนวัตกรรมของมองโกเลียร่วมกับศูนย์พัฒนาธุรกิจ มหาวิทยาลัยวิทยาศาสตร์ชีวภาพมองโกเลีย ดำเนินโครงการปอดสีเขียวด้วยทุนตั้งต้นจาก EACAC เพื่อให้ประชาชนมีส่วนร่วมสร้างพื้นที่สีเขียวเพื่ออากาศที่ดีขึ้น</p>",
        ),
    },
]

# The seeds name the project, its partners, years and funding but give no figures: illustrative.
GREEN_LUNG_PLOTS = indicator_results(
    t(
        "Green plots kept by residents' groups (illustrative figures)",
        "Số mảnh xanh do các nhóm cư dân chăm sóc (số liệu minh họa)",
        "Petak hijau yang dirawat kelompok warga (angka ilustrasi)",
        "แปลงสีเขียวที่กลุ่มชาวบ้านดูแล (ตัวเลขสมมติเพื่อประกอบ)",
    ),
    "",
    baseline=(2017, "4"),
    results=[(2018, "11"), (2019, "18")],
)
GREEN_LUNG_SOURCES = {
    language: [("source", {"title": title, "url": "", "document": None})]
    for language, title in t(
        "ICLEI East Asia (EACAC), Green Lung Project: executive summary of the final project report",
        "ICLEI Đông Á (EACAC), Dự án Lá phổi xanh: tóm tắt báo cáo tổng kết dự án",
        "ICLEI Asia Timur (EACAC), Proyek Paru-paru Hijau: ringkasan eksekutif laporan akhir proyek",
        "ICLEI เอเชียตะวันออก (EACAC) โครงการปอดสีเขียว: บทสรุปผู้บริหารของรายงานฉบับสุดท้าย",
    ).items()
}
CASE_STUDIES.append(
    {
        "slug": "ulaanbaatar-green-lung-project",
        "results": GREEN_LUNG_PLOTS,
        "sources": GREEN_LUNG_SOURCES,
        "city": "ulaanbaatar",
        "themes": ["safeguarding-ecosystem-health", "clean-air-for-all"],
        "pollutants": ["pm25"],
        "actions": ["public-information-and-alerts"],
        "year": 2019,
        "period": t("2017–2019", "2017–2019", "2017–2019", "2560–2562"),
        "title": t(
            "Green Lung: residents grow green space in Ulaanbaatar",
            "Lá phổi xanh: người dân tạo mảng xanh ở Ulaanbaatar",
            "Paru-paru Hijau: warga menumbuhkan ruang hijau di Ulan Bator",
            "ปอดสีเขียว: ชาวเมืองร่วมสร้างพื้นที่สีเขียวในอูลานบาตอร์",
        ),
        "summary": t(
            "A citizen movement for more green space and better air, run in 2017–2019 by Mongolia's environment ministry and a university business centre with seed funding from EACAC.",
            "Phong trào người dân vì thêm mảng xanh và không khí tốt hơn, do Bộ Môi trường Mông Cổ và một trung tâm doanh nghiệp của trường đại học thực hiện năm 2017–2019 với vốn mồi từ EACAC.",
            "Gerakan warga untuk ruang hijau dan udara yang lebih baik, dijalankan pada 2017–2019 oleh kementerian lingkungan Mongolia dan pusat bisnis sebuah universitas dengan dana awal dari EACAC.",
            "ขบวนการของประชาชนเพื่อพื้นที่สีเขียวและอากาศที่ดีขึ้น ดำเนินการปี 2560–2562 โดยกระทรวงสิ่งแวดล้อมของมองโกเลียและศูนย์ธุรกิจของมหาวิทยาลัย ด้วยเงินทุนตั้งต้นจาก EACAC",
        ),
        "body": t(
            "<p>Ulaanbaatar's winters are long and its air among the most polluted of any capital in the season when stoves burn. Green space alone does not remove that smoke, but it gives neighbourhoods cleaner, cooler places and a reason to organise.</p><p>The Green Lung project set out to make residents the owners of that green space rather than its spectators.</p>",
            "<p>Mùa đông ở Ulaanbaatar kéo dài và không khí vào mùa đốt lò thuộc loại ô nhiễm nhất trong các thủ đô. Mảng xanh không tự xóa được khói, nhưng mang lại cho khu dân cư những nơi sạch và mát hơn, cùng lý do để người dân cùng hành động.</p><p>Dự án Lá phổi xanh muốn người dân trở thành chủ nhân của mảng xanh, không chỉ là người đứng xem.</p>",
            "<p>Musim dingin di Ulan Bator panjang dan udaranya termasuk yang paling tercemar di antara ibu kota saat tungku menyala. Ruang hijau saja tidak menghilangkan asap itu, tetapi memberi lingkungan tempat yang lebih bersih dan sejuk serta alasan untuk berorganisasi.</p><p>Proyek Paru-paru Hijau ingin warga menjadi pemilik ruang hijau itu, bukan sekadar penonton.</p>",
            "<p>ฤดูหนาวของอูลานบาตอร์ยาวนาน และอากาศในฤดูที่จุดเตาผิงมีมลพิษสูงที่สุดแห่งหนึ่งในบรรดาเมืองหลวง พื้นที่สีเขียวเพียงอย่างเดียวไม่อาจขจัดควันได้ แต่ให้ชุมชนมีพื้นที่ที่สะอาดและเย็นกว่า และเป็นเหตุผลให้ผู้คนรวมตัวกัน</p><p>โครงการปอดสีเขียวมุ่งให้ชาวเมืองเป็นเจ้าของพื้นที่สีเขียว ไม่ใช่เพียงผู้ชม</p>",
        ),
        "measures_taken": t(
            "<p>The Mongolian Ministry of Environment and Innovation and the Business Development Center of the Mongolia University of Life Sciences ran the project together from 2017 to 2019.</p><ul><li>Residents' groups chose and planted plots in their own neighbourhoods.</li><li>The university centre brought horticultural know-how and followed the plots over the seasons.</li><li>Public activities tied green space to the city's air-quality problem.</li></ul>",
            "<p>Bộ Môi trường và Đổi mới Mông Cổ cùng Trung tâm Phát triển Doanh nghiệp của Đại học Khoa học Đời sống Mông Cổ phối hợp thực hiện dự án từ năm 2017 đến 2019.</p><ul><li>Các nhóm cư dân tự chọn và trồng các mảnh đất trong khu phố của mình.</li><li>Trung tâm của trường đại học đóng góp kiến thức trồng trọt và theo dõi các mảnh xanh qua các mùa.</li><li>Các hoạt động cộng đồng gắn mảng xanh với vấn đề chất lượng không khí của thành phố.</li></ul>",
            "<p>Kementerian Lingkungan dan Inovasi Mongolia serta Pusat Pengembangan Bisnis Universitas Ilmu Hayati Mongolia menjalankan proyek ini bersama pada 2017–2019.</p><ul><li>Kelompok warga memilih dan menanami petak di lingkungan mereka sendiri.</li><li>Pusat universitas menyumbang keahlian hortikultura dan memantau petak dari musim ke musim.</li><li>Kegiatan publik mengaitkan ruang hijau dengan masalah kualitas udara kota.</li></ul>",
            "<p>กระทรวงสิ่งแวดล้อมและนวัตกรรมของมองโกเลียร่วมกับศูนย์พัฒนาธุรกิจของมหาวิทยาลัยวิทยาศาสตร์ชีวภาพมองโกเลียดำเนินโครงการระหว่างปี 2560–2562</p><ul><li>กลุ่มชาวบ้านเลือกและปลูกแปลงในชุมชนของตนเอง</li><li>ศูนย์ของมหาวิทยาลัยให้ความรู้ด้านพืชสวนและติดตามแปลงตลอดฤดูกาล</li><li>กิจกรรมสาธารณะเชื่อมพื้นที่สีเขียวกับปัญหาคุณภาพอากาศของเมือง</li></ul>",
        ),
        "cost_and_funding": t(
            "<p>EACAC, ICLEI East Asia's clean-air programme, gave the project its seed funding.</p>",
            "<p>EACAC, chương trình không khí sạch của ICLEI Đông Á, cấp vốn mồi cho dự án.</p>",
            "<p>EACAC, program udara bersih ICLEI Asia Timur, memberikan dana awal proyek.</p>",
            "<p>EACAC ซึ่งเป็นโครงการอากาศสะอาดของ ICLEI เอเชียตะวันออก ให้เงินทุนตั้งต้นแก่โครงการ</p>",
        ),
        "lessons_learned": t(
            "<p>Green space lasts when the people next to it look after it: the plots that residents chose were the ones they kept.</p><p>Green space is a complement to, not a substitute for, cleaner heating in the ger districts.</p>",
            "<p>Mảng xanh bền vững khi chính người sống cạnh chăm sóc nó: những mảnh do người dân tự chọn là những mảnh được giữ gìn.</p><p>Mảng xanh bổ sung chứ không thay thế việc sưởi ấm sạch hơn ở các khu lều ger.</p>",
            "<p>Ruang hijau bertahan bila warga di sekitarnya merawatnya: petak yang dipilih warga adalah yang mereka jaga.</p><p>Ruang hijau melengkapi, bukan menggantikan, pemanas yang lebih bersih di distrik ger.</p>",
            "<p>พื้นที่สีเขียวจะยั่งยืนเมื่อคนที่อยู่ใกล้ดูแลมัน แปลงที่ชาวบ้านเลือกเองคือแปลงที่พวกเขารักษาไว้</p><p>พื้นที่สีเขียวเป็นส่วนเสริม ไม่ใช่สิ่งทดแทน การให้ความร้อนที่สะอาดขึ้นในย่านเกอร์</p>",
        ),
    }
)


TRAINING_MATERIALS: list[dict[str, Any]] = [
    {
        "slug": "emissions-inventory-course",
        "themes": ["clean-air-for-all"],
        "actions": ["emissions-inventory"],
        "year": 2015,
        "format": "course",
        "level": "introductory",
        "audience": t(
            "City environment staff",
            "Cán bộ môi trường thành phố",
            "Staf lingkungan pemerintah kota",
            "เจ้าหน้าที่สิ่งแวดล้อมของเมือง",
        ),
        "title": t(
            "Emissions inventory for cities",
            "Kiểm kê phát thải cho thành phố",
            "Inventarisasi emisi untuk kota",
            "การจัดทำบัญชีการปล่อยมลพิษสำหรับเมือง",
        ),
        "summary": t(
            "A city training programme of the Cities Clean Air Partnership's Knowledge Platform: activity data, emission factors and how to use the results.",
            "Chương trình đào tạo cho thành phố trên Nền tảng Tri thức của Đối tác Không khí sạch cho Đô thị: dữ liệu hoạt động, hệ số phát thải và cách sử dụng kết quả.",
            "Program pelatihan kota dari Platform Pengetahuan Kemitraan Udara Bersih Kota: data aktivitas, faktor emisi, dan pemanfaatan hasilnya.",
            "หลักสูตรสำหรับเมืองจากแพลตฟอร์มความรู้ของหุ้นส่วนอากาศสะอาดของเมือง ว่าด้วยข้อมูลกิจกรรม ค่าการปล่อย และการใช้ผลลัพธ์",
        ),
        "learning_objectives": t(
            "<ul><li>List the main source sectors of a city</li><li>Combine activity data with emission factors</li><li>Explain the uncertainty of the results</li></ul>",
            "<ul><li>Liệt kê các lĩnh vực nguồn thải chính của thành phố</li><li>Kết hợp dữ liệu hoạt động với hệ số phát thải</li><li>Giải thích độ bất định của kết quả</li></ul>",
            "<ul><li>Menyebutkan sektor sumber utama di kota</li><li>Menggabungkan data aktivitas dengan faktor emisi</li><li>Menjelaskan ketidakpastian hasil</li></ul>",
            "<ul><li>ระบุภาคส่วนแหล่งกำเนิดหลักของเมือง</li><li>นำข้อมูลกิจกรรมมาคำนวณกับค่าการปล่อย</li><li>อธิบายความไม่แน่นอนของผลลัพธ์</li></ul>",
        ),
    },
    {
        "slug": "air-quality-monitoring-tools",
        "themes": ["clean-air-for-all"],
        "pollutants": ["pm25", "pm10"],
        "actions": ["air-quality-monitoring"],
        "year": 2015,
        "format": "course",
        "level": "intermediate",
        "audience": t("Monitoring teams", "Đội quan trắc", "Tim pemantauan", "ทีมตรวจวัด"),
        "title": t(
            "Air-quality monitoring tools",
            "Công cụ quan trắc chất lượng không khí",
            "Perangkat pemantauan kualitas udara",
            "เครื่องมือตรวจวัดคุณภาพอากาศ",
        ),
        "summary": t(
            "Choosing, siting and maintaining monitors, and turning their readings into information the public can use.",
            "Lựa chọn, bố trí và bảo trì thiết bị quan trắc, và biến số liệu thành thông tin người dân có thể sử dụng.",
            "Memilih, menempatkan, dan merawat alat pemantau, serta mengubah datanya menjadi informasi bagi warga.",
            "การเลือก ติดตั้ง และดูแลเครื่องตรวจวัด และแปลงค่าที่วัดได้เป็นข้อมูลที่ประชาชนใช้ได้",
        ),
    },
    {
        "slug": "managing-pm25",
        "themes": ["clean-air-for-all"],
        "pollutants": ["pm25"],
        "actions": ["clean-air-action-plan", "source-apportionment"],
        "year": 2016,
        "format": "webinar",
        "level": "intermediate",
        "title": t(
            "Managing PM2.5: strategies for a pollutant of concern",
            "Quản lý bụi mịn PM2.5: chiến lược cho một chất ô nhiễm đáng lo ngại",
            "Mengelola PM2.5: strategi untuk polutan yang mengkhawatirkan",
            "การจัดการ PM2.5: กลยุทธ์สำหรับมลพิษที่น่ากังวล",
        ),
        "summary": t(
            "Where fine particles come from, how they harm health, and which city measures reduce them.",
            "Bụi mịn đến từ đâu, gây hại sức khỏe thế nào và biện pháp nào của thành phố giúp giảm chúng.",
            "Dari mana partikel halus berasal, bagaimana dampaknya bagi kesehatan, dan langkah kota apa yang menguranginya.",
            "ฝุ่นละอองขนาดเล็กมาจากไหน ส่งผลต่อสุขภาพอย่างไร และมาตรการใดของเมืองที่ช่วยลดได้",
        ),
    },
    {
        "slug": "iclei-shrdc-air-quality-training",
        "city": "seoul",
        "themes": ["cities-for-a-sustainable-future", "raising-climate-ambition"],
        "actions": ["clean-air-action-plan"],
        "year": 2016,
        "format": "course",
        "level": "intermediate",
        "duration": t("5 days", "5 ngày", "5 hari", "5 วัน"),
        "audience": t(
            "Local government officials in Asia",
            "Cán bộ chính quyền địa phương châu Á",
            "Pejabat pemerintah daerah di Asia",
            "เจ้าหน้าที่รัฐบาลท้องถิ่นในเอเชีย",
        ),
        "title": t(
            "ICLEI × SHRDC training on air-quality management",
            "Khóa đào tạo ICLEI × SHRDC về quản lý chất lượng không khí",
            "Pelatihan ICLEI × SHRDC tentang pengelolaan kualitas udara",
            "การฝึกอบรม ICLEI × SHRDC ด้านการจัดการคุณภาพอากาศ",
        ),
        "summary": t(
            "Yearly training in Seoul for local governments in Asia, co-organised by ICLEI and the Seoul Human Resources Development Center since 2016.",
            "Khóa đào tạo hằng năm tại Seoul cho chính quyền địa phương châu Á, do ICLEI và Trung tâm Phát triển Nguồn nhân lực Seoul đồng tổ chức từ năm 2016.",
            "Pelatihan tahunan di Seoul bagi pemerintah daerah di Asia, diselenggarakan ICLEI dan Seoul Human Resources Development Center sejak 2016.",
            "การฝึกอบรมประจำปีที่โซลสำหรับรัฐบาลท้องถิ่นในเอเชีย จัดร่วมกันโดย ICLEI และศูนย์พัฒนาทรัพยากรมนุษย์แห่งโซลตั้งแต่ปี 2559",
        ),
    },
    {
        "slug": "slcp-integration-curriculum",
        "themes": ["raising-climate-ambition"],
        "pollutants": ["black-carbon", "methane-and-slcps"],
        "actions": ["clean-air-action-plan"],
        "year": 2019,
        "format": "toolkit",
        "level": "advanced",
        "title": t(
            "Integrating SLCP reductions into city policy",
            "Lồng ghép giảm phát thải SLCP vào chính sách đô thị",
            "Mengintegrasikan pengurangan SLCP ke dalam kebijakan kota",
            "การบูรณาการการลดมลพิษอายุสั้นต่อสภาพภูมิอากาศในนโยบายเมือง",
        ),
        "summary": t(
            "A training curriculum developed by EACAC, the Climate & Clean Air Coalition, Clean Air Asia and IGES with three pilot cities in Asia.",
            "Chương trình đào tạo do EACAC, Liên minh Khí hậu và Không khí sạch, Clean Air Asia và IGES xây dựng cùng ba thành phố thí điểm ở châu Á.",
            "Kurikulum pelatihan yang disusun EACAC, Climate & Clean Air Coalition, Clean Air Asia, dan IGES bersama tiga kota percontohan di Asia.",
            "หลักสูตรการฝึกอบรมที่พัฒนาโดย EACAC แนวร่วมด้านสภาพภูมิอากาศและอากาศสะอาด Clean Air Asia และ IGES ร่วมกับสามเมืองนำร่องในเอเชีย",
        ),
    },
    {
        "slug": "city-action-plan-methodology",
        "themes": ["clean-air-for-all", "cities-for-a-sustainable-future"],
        "pollutants": ["pm25"],
        "actions": ["clean-air-action-plan", "forecasting-and-early-warning", "source-apportionment"],
        "year": 2022,
        "format": "slides",
        "level": "intermediate",
        # No Thai title or summary on purpose: the Thai page falls back to English and says so
        # (knowledge.demo.DEMO_UNTRANSLATED).
        "title": t(
            "Methodology for science-based city action plans",
            "Phương pháp xây dựng kế hoạch hành động cấp thành phố dựa trên khoa học",
            "Metodologi rencana aksi kota berbasis sains",
        ),
        "summary": t(
            "The draft methodology from the ESCAP project that links data on pollution sources with local action.",
            "Phương pháp dự thảo của dự án ESCAP, kết nối dữ liệu nguồn ô nhiễm với hành động địa phương.",
            "Metodologi draf dari proyek ESCAP yang menghubungkan data sumber polusi dengan aksi lokal.",
        ),
    },
]

# (slug, series, title, year, start, end, time zone, city, venue, organisers)
SEOUL_SERIES = t(
    "Seoul International Forum on Air Quality Improvement",
    "Diễn đàn Quốc tế Seoul về Cải thiện Chất lượng Không khí",
    "Forum Internasional Seoul tentang Peningkatan Kualitas Udara",
    "เวทีนานาชาติโซลว่าด้วยการปรับปรุงคุณภาพอากาศ",
)
BEIJING_SERIES = t(
    "Beijing International Forum for Metropolitan Clean Air Actions",
    "Diễn đàn Quốc tế Bắc Kinh về Hành động Không khí sạch cho Đô thị lớn",
    "Forum Internasional Beijing untuk Aksi Udara Bersih Metropolitan",
    "เวทีนานาชาติปักกิ่งเพื่อปฏิบัติการอากาศสะอาดของมหานคร",
)
SEOUL_ORGANISERS = t(
    "Seoul Metropolitan Government, supported by ICLEI East Asia (EACAC)",
    "Chính quyền Thủ đô Seoul, với sự hỗ trợ của ICLEI Đông Á (EACAC)",
    "Pemerintah Metropolitan Seoul, didukung ICLEI Asia Timur (EACAC)",
    "รัฐบาลกรุงโซล โดยการสนับสนุนของ ICLEI เอเชียตะวันออก (EACAC)",
)
BEIJING_ORGANISERS = t(
    "Beijing Municipal Ecology and Environment Bureau, supported by ICLEI East Asia (EACAC)",
    "Sở Sinh thái và Môi trường Bắc Kinh, với sự hỗ trợ của ICLEI Đông Á (EACAC)",
    "Biro Ekologi dan Lingkungan Kota Beijing, didukung ICLEI Asia Timur (EACAC)",
    "สำนักงานนิเวศวิทยาและสิ่งแวดล้อมนครปักกิ่ง โดยการสนับสนุนของ ICLEI เอเชียตะวันออก (EACAC)",
)


def _forum(series: str, year: int, start: str, end: str) -> dict[str, Any]:
    seoul = series == "seoul"
    names = SEOUL_SERIES if seoul else BEIJING_SERIES
    return {
        "slug": f"{'seoul-forum-air-quality' if seoul else 'beijing-forum-clean-air'}-{year}",
        "city": "seoul" if seoul else "beijing",
        "themes": ["clean-air-for-all"],
        "actions": ["clean-air-action-plan"],
        "year": year,
        "start": start,
        "end": end,
        "timezone": "Asia/Seoul" if seoul else "Asia/Shanghai",
        "series": names,
        "organisers": SEOUL_ORGANISERS if seoul else BEIJING_ORGANISERS,
        "venue": t("Seoul", "Seoul", "Seoul", "โซล")
        if seoul
        else t("Beijing", "Bắc Kinh", "Beijing", "ปักกิ่ง"),
        "title": {lang: f"{name} {year}" for lang, name in names.items()},
        "summary": t(
            f"Report of the {year} forum, where cities exchanged knowledge and experience on cleaner air and built their networks.",
            f"Báo cáo diễn đàn năm {year}, nơi các thành phố trao đổi kiến thức, kinh nghiệm về không khí sạch và mở rộng mạng lưới.",
            f"Laporan forum tahun {year}, tempat kota-kota bertukar pengetahuan dan pengalaman tentang udara bersih serta memperluas jejaring.",
            f"รายงานการประชุมปี {year + 543} ที่เมืองต่าง ๆ แลกเปลี่ยนความรู้และประสบการณ์ด้านอากาศสะอาดและสร้างเครือข่าย",
        ),
    }


FORUM_REPORTS: list[dict[str, Any]] = [
    _forum("seoul", 2016, "2016-05-19", "2016-05-20"),
    _forum("seoul", 2017, "2017-06-01", "2017-06-02"),
    _forum("seoul", 2018, "2018-09-04", "2018-09-05"),
    _forum("seoul", 2019, "2019-09-22", "2019-09-23"),
    _forum("beijing", 2018, "2018-09-04", "2018-09-05"),
    _forum("beijing", 2019, "2019-09-22", "2019-09-23"),
    {
        "slug": "escap-regional-workshop-city-action-plans-2022",
        "city": "bangkok",
        "themes": ["clean-air-for-all", "cities-for-a-sustainable-future"],
        "pollutants": ["pm25"],
        "actions": ["clean-air-action-plan", "forecasting-and-early-warning", "source-apportionment"],
        "year": 2022,
        "start": "2022-12-02",
        "end": "2022-12-02",
        "timezone": "Asia/Bangkok",
        "online_participation": True,
        "interpretation_languages": "vi, id, th",
        "map_query": "United Nations Conference Centre, Bangkok",
        "series": t(
            "Regional workshops", "Hội thảo khu vực", "Lokakarya regional", "การประชุมเชิงปฏิบัติการระดับภูมิภาค"
        ),
        "venue": t(
            "United Nations Conference Centre (UNCC), Conference Room 3, Bangkok",
            "Trung tâm Hội nghị Liên Hợp Quốc (UNCC), Phòng họp 3, Băng Cốc",
            "Pusat Konferensi Perserikatan Bangsa-Bangsa (UNCC), Ruang Konferensi 3, Bangkok",
            "ศูนย์การประชุมสหประชาชาติ (UNCC) ห้องประชุม 3 กรุงเทพมหานคร",
        ),
        "organisers": t(
            "ESCAP Environment and Development Division",
            "Vụ Môi trường và Phát triển, ESCAP",
            "Divisi Lingkungan dan Pembangunan ESCAP",
            "กองสิ่งแวดล้อมและการพัฒนา ESCAP",
        ),
        "title": t(
            "Regional workshop: city-level air pollution action plans and city-to-city exchange",
            "Hội thảo khu vực: kế hoạch hành động về ô nhiễm không khí cấp thành phố và trao đổi giữa các thành phố",
            "Lokakarya regional: rencana aksi pencemaran udara tingkat kota dan pertukaran antarkota",
            "การประชุมเชิงปฏิบัติการระดับภูมิภาค: แผนปฏิบัติการมลพิษทางอากาศระดับเมืองและการแลกเปลี่ยนระหว่างเมือง",
        ),
        "summary": t(
            "Cities and member States validated a methodology for science-based city action plans and set priorities for a city-to-city knowledge exchange programme.",
            "Các thành phố và quốc gia thành viên thẩm định phương pháp xây dựng kế hoạch hành động dựa trên khoa học và xác định ưu tiên cho chương trình trao đổi tri thức giữa các thành phố.",
            "Kota dan negara anggota memvalidasi metodologi rencana aksi kota berbasis sains dan menetapkan prioritas program pertukaran pengetahuan antarkota.",
            "เมืองและประเทศสมาชิกร่วมรับรองวิธีการจัดทำแผนปฏิบัติการระดับเมืองบนฐานวิทยาศาสตร์ และกำหนดลำดับความสำคัญของโครงการแลกเปลี่ยนความรู้ระหว่างเมือง",
        ),
        "body": t(
            "<p>The workshop closed the project on strengthening regional cooperation to tackle air pollution in Asia and the Pacific. Participants joined in person in Bangkok or online, with live interpretation into Vietnamese, Bahasa Indonesia and Thai.</p><p>The project had three objectives: to increase the knowledge base on air pollution in the region, to build capacity to reduce it at city level, and to strengthen city-level policies against it. The workshop asked how member States and cities can adapt the pilot cities' action-plan methodology, and which priorities a regional city-to-city knowledge exchange programme should take up first.</p>",
            "<p>Hội thảo khép lại dự án tăng cường hợp tác khu vực nhằm giải quyết ô nhiễm không khí ở châu Á – Thái Bình Dương. Đại biểu tham dự trực tiếp tại Băng Cốc hoặc trực tuyến, có phiên dịch trực tiếp sang tiếng Việt, tiếng Indonesia và tiếng Thái.</p><p>Dự án có ba mục tiêu: mở rộng hiểu biết về ô nhiễm không khí trong khu vực, nâng cao năng lực giảm ô nhiễm ở cấp thành phố và hoàn thiện chính sách cấp thành phố. Hội thảo bàn cách các quốc gia thành viên và thành phố điều chỉnh phương pháp lập kế hoạch hành động của các thành phố thí điểm, và những ưu tiên đầu tiên của một chương trình trao đổi tri thức giữa các thành phố trong khu vực.</p>",
            "<p>Lokakarya ini menutup proyek penguatan kerja sama regional untuk mengatasi pencemaran udara di Asia dan Pasifik. Peserta hadir langsung di Bangkok atau daring, dengan juru bahasa langsung ke bahasa Vietnam, Indonesia, dan Thailand.</p><p>Proyek ini memiliki tiga tujuan: memperluas basis pengetahuan tentang pencemaran udara di kawasan, membangun kapasitas untuk menguranginya di tingkat kota, dan memperkuat kebijakan tingkat kota. Lokakarya membahas cara negara anggota dan kota menyesuaikan metodologi rencana aksi dari kota percontohan, serta prioritas awal program pertukaran pengetahuan antarkota di kawasan.</p>",
            "<p>การประชุมนี้ปิดโครงการเสริมสร้างความร่วมมือระดับภูมิภาคเพื่อแก้ปัญหามลพิษทางอากาศในเอเชียและแปซิฟิก ผู้เข้าร่วมเข้าร่วมได้ทั้งที่กรุงเทพฯ และทางออนไลน์ พร้อมล่ามแปลสดเป็นภาษาเวียดนาม อินโดนีเซีย และไทย</p><p>โครงการมีวัตถุประสงค์สามข้อ ได้แก่ เพิ่มองค์ความรู้เรื่องมลพิษทางอากาศในภูมิภาค เสริมขีดความสามารถในการลดมลพิษระดับเมือง และยกระดับนโยบายระดับเมือง การประชุมหารือว่าประเทศสมาชิกและเมืองต่าง ๆ จะปรับใช้วิธีการจัดทำแผนปฏิบัติการของเมืองนำร่องได้อย่างไร และโครงการแลกเปลี่ยนความรู้ระหว่างเมืองในภูมิภาคควรเริ่มจากเรื่องใด</p>",
        ),
        "key_outcomes": t(
            "<ul><li>Better knowledge of how to reduce air pollution within cities</li><li>More capacity to choose policies and activities</li><li>A clearer view of the city's role in national and regional advocacy</li><li>Better understanding of pollution sources, pathways and hotspots inside and outside the city</li></ul>",
            "<ul><li>Hiểu rõ hơn cách giảm ô nhiễm không khí trong thành phố</li><li>Nâng cao năng lực lựa chọn chính sách và hoạt động</li><li>Nhận thức rõ hơn vai trò của thành phố trong vận động chính sách quốc gia và khu vực</li><li>Hiểu rõ hơn về nguồn, đường lan truyền và điểm nóng ô nhiễm trong và ngoài thành phố</li></ul>",
            "<ul><li>Pengetahuan yang lebih baik tentang cara mengurangi pencemaran udara di kota</li><li>Kapasitas lebih besar untuk memilih kebijakan dan kegiatan</li><li>Pemahaman lebih jelas tentang peran kota dalam advokasi nasional dan regional</li><li>Pemahaman lebih baik tentang sumber, jalur, dan titik rawan polusi di dalam dan luar kota</li></ul>",
            "<ul><li>ความรู้ที่ดีขึ้นเกี่ยวกับวิธีลดมลพิษทางอากาศในเมือง</li><li>ขีดความสามารถที่มากขึ้นในการเลือกนโยบายและกิจกรรม</li><li>ความเข้าใจที่ชัดเจนขึ้นถึงบทบาทของเมืองในการผลักดันระดับชาติและภูมิภาค</li><li>ความเข้าใจที่ดีขึ้นเรื่องแหล่งกำเนิด เส้นทาง และจุดเสี่ยงของมลพิษทั้งในและนอกเมือง</li></ul>",
        ),
    },
    {
        "slug": "study-tour-japan-2017",
        "city": "tokyo",
        "partner_cities": ["kawasaki", "beijing", "guiyang", "shenzhen"],
        "themes": ["clean-air-for-all"],
        "actions": ["clean-air-action-plan", "air-quality-monitoring"],
        "year": 2017,
        "start": "2017-09-11",
        "end": "2017-09-15",
        "timezone": "Asia/Tokyo",
        "series": t(
            "City peer learning on air-quality management",
            "Học hỏi đồng cấp giữa các thành phố về quản lý chất lượng không khí",
            "Pembelajaran antarkota tentang pengelolaan kualitas udara",
            "การเรียนรู้ระหว่างเมืองด้านการจัดการคุณภาพอากาศ",
        ),
        "venue": t("Tokyo and Kawasaki", "Tokyo và Kawasaki", "Tokyo dan Kawasaki", "โตเกียวและคาวาซากิ"),
        "organisers": t(
            "ICLEI East Asia (EACAC)",
            "ICLEI Đông Á (EACAC)",
            "ICLEI Asia Timur (EACAC)",
            "ICLEI เอเชียตะวันออก (EACAC)",
        ),
        "title": t(
            "Study tour to Japan on air-quality management 2017",
            "Chuyến khảo sát tại Nhật Bản về quản lý chất lượng không khí 2017",
            "Kunjungan studi ke Jepang tentang pengelolaan kualitas udara 2017",
            "การศึกษาดูงานด้านการจัดการคุณภาพอากาศที่ญี่ปุ่น 2560",
        ),
        "summary": t(
            "Officials from Beijing, Guiyang and Shenzhen and six other Chinese local governments visited Tokyo and Kawasaki for technical exchange.",
            "Cán bộ từ Bắc Kinh, Quý Dương, Thâm Quyến và sáu chính quyền địa phương khác của Trung Quốc đã đến Tokyo và Kawasaki để trao đổi kỹ thuật.",
            "Pejabat dari Beijing, Guiyang, Shenzhen, dan enam pemerintah daerah lain di Tiongkok mengunjungi Tokyo dan Kawasaki untuk pertukaran teknis.",
            "เจ้าหน้าที่จากปักกิ่ง กุ้ยหยาง เซินเจิ้น และรัฐบาลท้องถิ่นจีนอีกหกแห่งเดินทางไปโตเกียวและคาวาซากิเพื่อแลกเปลี่ยนด้านเทคนิค",
        ),
    },
]


EACAC_ORGANISERS = t(
    "ICLEI East Asia (EACAC)",
    "ICLEI Đông Á (EACAC)",
    "ICLEI Asia Timur (EACAC)",
    "ICLEI เอเชียตะวันออก (EACAC)",
)
SHRDC_ORGANISERS = t(
    "ICLEI East Asia and the Seoul Human Resources Development Center",
    "ICLEI Đông Á và Trung tâm Phát triển Nguồn nhân lực Seoul",
    "ICLEI Asia Timur dan Seoul Human Resources Development Center",
    "ICLEI เอเชียตะวันออกและศูนย์พัฒนาทรัพยากรมนุษย์แห่งโซล",
)


def _eacac_workshop(year: int, day: str) -> dict[str, Any]:
    # The seeds give the date of each workshop but not its place, so no venue is named.
    return {
        "slug": f"eacac-workshop-{year}",
        "city": "seoul",
        "themes": ["cities-for-a-sustainable-future"],
        "actions": ["clean-air-action-plan"],
        "year": year,
        "start": day,
        "end": day,
        "timezone": "Asia/Seoul",
        "series": t(
            "EACAC training workshops",
            "Hội thảo tập huấn EACAC",
            "Lokakarya pelatihan EACAC",
            "การประชุมเชิงปฏิบัติการฝึกอบรมของ EACAC",
        ),
        "organisers": EACAC_ORGANISERS,
        "title": t(
            f"EACAC workshop {year}",
            f"Hội thảo EACAC {year}",
            f"Lokakarya EACAC {year}",
            f"การประชุมเชิงปฏิบัติการ EACAC {year + 543}",
        ),
        "summary": t(
            f"The {year} thematic training workshop that EACAC held for its member cities; the series covers waste management, energy transition and transport management.",
            f"Hội thảo tập huấn chuyên đề năm {year} do EACAC tổ chức cho các thành phố thành viên; chuỗi hội thảo bàn về quản lý chất thải, chuyển dịch năng lượng và quản lý giao thông.",
            f"Lokakarya pelatihan tematik tahun {year} yang diadakan EACAC bagi kota anggotanya; rangkaiannya membahas pengelolaan sampah, transisi energi, dan manajemen transportasi.",
            f"การประชุมเชิงปฏิบัติการฝึกอบรมเฉพาะเรื่องปี {year + 543} ที่ EACAC จัดให้เมืองสมาชิก ชุดการประชุมครอบคลุมการจัดการขยะ การเปลี่ยนผ่านพลังงาน และการจัดการการขนส่ง",
        ),
    }


def _shrdc_training(slug: str, year: int, start: str, end: str, label: dict[str, str]) -> dict[str, Any]:
    return {
        "slug": slug,
        "city": "seoul",
        "themes": ["clean-air-for-all", "raising-climate-ambition"],
        "actions": ["clean-air-action-plan"],
        "year": year,
        "start": start,
        "end": end,
        "timezone": "Asia/Seoul",
        "series": t(
            "ICLEI × SHRDC training programme",
            "Chương trình đào tạo ICLEI × SHRDC",
            "Program pelatihan ICLEI × SHRDC",
            "โครงการฝึกอบรม ICLEI × SHRDC",
        ),
        "organisers": SHRDC_ORGANISERS,
        "title": {language: f"ICLEI × SHRDC {text}" for language, text in label.items()},
        "summary": t(
            "A week in which officials of Asian local governments exchanged climate and clean-air practice with peers, Seoul among them: air-quality management, energy transition, waste management and pedestrian-friendly streets.",
            "Một tuần cán bộ chính quyền địa phương châu Á trao đổi kinh nghiệm về khí hậu và không khí sạch với các thành phố đồng cấp, trong đó có Seoul: quản lý chất lượng không khí, chuyển dịch năng lượng, quản lý chất thải và đô thị thân thiện với người đi bộ.",
            "Sepekan pejabat pemerintah daerah Asia bertukar praktik iklim dan udara bersih dengan kota sejawat, termasuk Seoul: pengelolaan kualitas udara, transisi energi, pengelolaan sampah, dan kota ramah pejalan kaki.",
            "หนึ่งสัปดาห์ที่เจ้าหน้าที่รัฐบาลท้องถิ่นในเอเชียแลกเปลี่ยนแนวปฏิบัติด้านภูมิอากาศและอากาศสะอาดกับเมืองอื่น รวมทั้งโซล ได้แก่ การจัดการคุณภาพอากาศ การเปลี่ยนผ่านพลังงาน การจัดการขยะ และเมืองที่เป็นมิตรกับคนเดินเท้า",
        ),
    }


FORUM_REPORTS += [
    _eacac_workshop(2016, "2016-05-20"),
    _eacac_workshop(2017, "2017-05-31"),
    _shrdc_training(
        "iclei-shrdc-training-2016",
        2016,
        "2016-11-24",
        "2016-11-28",
        t("training 2016", "khóa đào tạo 2016", "pelatihan 2016", "การฝึกอบรม 2559"),
    ),
    _shrdc_training(
        "iclei-shrdc-training-2017",
        2017,
        "2017-11-24",
        "2017-11-28",
        t("training 2017", "khóa đào tạo 2017", "pelatihan 2017", "การฝึกอบรม 2560"),
    ),
    _shrdc_training(
        "iclei-shrdc-training-2018",
        2018,
        "2018-11-24",
        "2018-11-28",
        t("training 2018", "khóa đào tạo 2018", "pelatihan 2018", "การฝึกอบรม 2561"),
    ),
    _shrdc_training(
        "iclei-shrdc-training-2019-i",
        2019,
        "2019-05-19",
        "2019-05-23",
        t("training 2019 (I)", "khóa đào tạo 2019 (I)", "pelatihan 2019 (I)", "การฝึกอบรม 2562 (I)"),
    ),
    _shrdc_training(
        "iclei-shrdc-training-2019-ii",
        2019,
        "2019-09-01",
        "2019-09-08",
        t("training 2019 (II)", "khóa đào tạo 2019 (II)", "pelatihan 2019 (II)", "การฝึกอบรม 2562 (II)"),
    ),
]

# The link to each forum report's PDF (knowledge/demo_reports.py), saying what language it is in.
REPORT_LINK_TEXT = t(
    "Report (PDF, in English with a summary in Bahasa Indonesia)",
    "Báo cáo (PDF, tiếng Anh, kèm bản tóm tắt tiếng Indonesia)",
    "Laporan (PDF, bahasa Inggris dengan ringkasan dalam Bahasa Indonesia)",
    "รายงาน (PDF ภาษาอังกฤษ พร้อมบทสรุปภาษาอินโดนีเซีย)",
)
