"""Seed the vocabulary of docs/architecture.md ("Vocabularies") with labels in English, Vietnamese, Indonesian and Thai."""

from django.db import migrations

# (slug, English, Vietnamese, Indonesian, Thai)
THEMES = [
    ("clean-air-for-all", "Clean air for all", "Không khí sạch cho mọi người", "Udara bersih untuk semua", "อากาศสะอาดเพื่อทุกคน"),
    ("cities-for-a-sustainable-future", "Cities for a sustainable future", "Đô thị vì tương lai bền vững", "Kota untuk masa depan berkelanjutan", "เมืองเพื่ออนาคตที่ยั่งยืน"),
    ("raising-climate-ambition", "Raising climate ambition", "Nâng cao tham vọng khí hậu", "Meningkatkan ambisi iklim", "ยกระดับเป้าหมายด้านสภาพภูมิอากาศ"),
    ("safeguarding-ecosystem-health", "Safeguarding ecosystem health", "Bảo vệ sức khỏe hệ sinh thái", "Menjaga kesehatan ekosistem", "ปกป้องสุขภาพของระบบนิเวศ"),
]
POLLUTANTS = [
    ("pm25", "PM2.5", "Bụi mịn PM2.5", "PM2.5", "ฝุ่น PM2.5"),
    ("pm10", "PM10", "Bụi PM10", "PM10", "ฝุ่น PM10"),
    ("no2", "Nitrogen dioxide (NO₂)", "Nitơ đioxit (NO₂)", "Nitrogen dioksida (NO₂)", "ไนโตรเจนไดออกไซด์ (NO₂)"),
    ("o3", "Ozone (O₃)", "Ôzôn (O₃)", "Ozon (O₃)", "โอโซน (O₃)"),
    ("so2", "Sulphur dioxide (SO₂)", "Lưu huỳnh đioxit (SO₂)", "Sulfur dioksida (SO₂)", "ซัลเฟอร์ไดออกไซด์ (SO₂)"),
    ("co", "Carbon monoxide (CO)", "Cacbon monoxit (CO)", "Karbon monoksida (CO)", "คาร์บอนมอนอกไซด์ (CO)"),
    ("black-carbon", "Black carbon", "Cacbon đen", "Karbon hitam", "คาร์บอนดำ"),
    ("methane-and-slcps", "Methane and other short-lived climate pollutants", "Mêtan và các chất ô nhiễm khí hậu tồn tại ngắn", "Metana dan polutan iklim berumur pendek lainnya", "มีเทนและมลพิษที่มีอายุสั้นต่อสภาพภูมิอากาศ"),
]
SECTORS = [
    ("road-transport", "Road transport", "Giao thông đường bộ", "Transportasi jalan raya", "การขนส่งทางถนน"),
    ("shipping-and-ports", "Shipping and ports", "Hàng hải và cảng biển", "Pelayaran dan pelabuhan", "การเดินเรือและท่าเรือ"),
    ("industry", "Industry", "Công nghiệp", "Industri", "อุตสาหกรรม"),
    ("power", "Power generation", "Sản xuất điện", "Pembangkit listrik", "การผลิตไฟฟ้า"),
    ("residential-cooking-and-heating", "Residential cooking and heating", "Đun nấu và sưởi ấm hộ gia đình", "Memasak dan pemanas rumah tangga", "การหุงต้มและการให้ความร้อนในครัวเรือน"),
    ("commercial-cooking", "Commercial cooking", "Nấu nướng thương mại", "Memasak komersial", "การประกอบอาหารเชิงพาณิชย์"),
    ("open-waste-burning", "Open waste burning", "Đốt rác lộ thiên", "Pembakaran sampah terbuka", "การเผาขยะในที่โล่ง"),
    ("agricultural-burning", "Agricultural burning", "Đốt phụ phẩm nông nghiệp", "Pembakaran lahan pertanian", "การเผาในภาคเกษตร"),
    ("construction-dust", "Construction dust", "Bụi xây dựng", "Debu konstruksi", "ฝุ่นจากการก่อสร้าง"),
]
ACTIONS = [
    ("emissions-inventory", "Emissions inventory", "Kiểm kê phát thải", "Inventarisasi emisi", "บัญชีการปล่อยมลพิษ"),
    ("air-quality-monitoring", "Air-quality monitoring network", "Mạng lưới quan trắc chất lượng không khí", "Jaringan pemantauan kualitas udara", "เครือข่ายตรวจวัดคุณภาพอากาศ"),
    ("forecasting-and-early-warning", "Forecasting and early warning", "Dự báo và cảnh báo sớm", "Prakiraan dan peringatan dini", "การพยากรณ์และเตือนภัยล่วงหน้า"),
    ("source-apportionment", "Source apportionment", "Phân bổ nguồn ô nhiễm", "Identifikasi sumber pencemar", "การจำแนกแหล่งกำเนิดมลพิษ"),
    ("clean-air-action-plan", "Clean-air action plan", "Kế hoạch hành động không khí sạch", "Rencana aksi udara bersih", "แผนปฏิบัติการอากาศสะอาด"),
    ("public-bike-sharing", "Public bike sharing", "Xe đạp công cộng", "Sepeda sewa publik", "ระบบจักรยานสาธารณะ"),
    ("low-emission-zones", "Low-emission zones and urban development", "Vùng phát thải thấp và phát triển đô thị", "Zona rendah emisi dan pembangunan kota", "เขตปล่อยมลพิษต่ำและการพัฒนาเมือง"),
    ("port-emission-controls", "Port emission controls", "Kiểm soát phát thải cảng biển", "Pengendalian emisi pelabuhan", "การควบคุมการปล่อยมลพิษจากท่าเรือ"),
    ("commercial-cooking-controls", "Commercial cooking and grilling controls", "Kiểm soát khói từ nấu nướng và nướng thịt thương mại", "Pengendalian asap memasak dan memanggang komersial", "การควบคุมควันจากการประกอบอาหารและปิ้งย่างเชิงพาณิชย์"),
    ("waste-burning-bans", "Waste-burning bans", "Cấm đốt rác", "Larangan pembakaran sampah", "การห้ามเผาขยะ"),
    ("public-information-and-alerts", "Public information and alerts", "Thông tin và cảnh báo cho người dân", "Informasi dan peringatan publik", "การสื่อสารและแจ้งเตือนประชาชน"),
]
# (ISO code, English, Vietnamese, Indonesian, Thai)
COUNTRIES = [
    ("BD", "Bangladesh", "Bangladesh", "Bangladesh", "บังกลาเทศ"),
    ("CN", "China", "Trung Quốc", "Tiongkok", "จีน"),
    ("ID", "Indonesia", "Indonesia", "Indonesia", "อินโดนีเซีย"),
    ("IN", "India", "Ấn Độ", "India", "อินเดีย"),
    ("JP", "Japan", "Nhật Bản", "Jepang", "ญี่ปุ่น"),
    ("KH", "Cambodia", "Campuchia", "Kamboja", "กัมพูชา"),
    ("KR", "Republic of Korea", "Hàn Quốc", "Korea Selatan", "เกาหลีใต้"),
    ("LA", "Lao PDR", "Lào", "Laos", "ลาว"),
    ("LK", "Sri Lanka", "Sri Lanka", "Sri Lanka", "ศรีลังกา"),
    ("MM", "Myanmar", "Myanmar", "Myanmar", "เมียนมา"),
    ("MN", "Mongolia", "Mông Cổ", "Mongolia", "มองโกเลีย"),
    ("MY", "Malaysia", "Malaysia", "Malaysia", "มาเลเซีย"),
    ("NP", "Nepal", "Nepal", "Nepal", "เนปาล"),
    ("PH", "Philippines", "Philippines", "Filipina", "ฟิลิปปินส์"),
    ("PK", "Pakistan", "Pakistan", "Pakistan", "ปากีสถาน"),
    ("SG", "Singapore", "Singapore", "Singapura", "สิงคโปร์"),
    ("TH", "Thailand", "Thái Lan", "Thailand", "ไทย"),
    ("TW", "Taiwan", "Đài Loan", "Taiwan", "ไต้หวัน"),
    ("US", "United States", "Hoa Kỳ", "Amerika Serikat", "สหรัฐอเมริกา"),
    ("VN", "Viet Nam", "Việt Nam", "Vietnam", "เวียดนาม"),
]
# (slug, country, latitude, longitude, English, Vietnamese, Indonesian, Thai)
CITIES = [
    ("bangkok", "TH", 13.7563, 100.5018, "Bangkok", "Băng Cốc", "Bangkok", "กรุงเทพมหานคร"),
    ("chiang-mai", "TH", 18.7883, 98.9853, "Chiang Mai", "Chiang Mai", "Chiang Mai", "เชียงใหม่"),
    ("hanoi", "VN", 21.0285, 105.8542, "Hanoi", "Hà Nội", "Hanoi", "ฮานอย"),
    ("ho-chi-minh-city", "VN", 10.8231, 106.6297, "Ho Chi Minh City", "Thành phố Hồ Chí Minh", "Kota Ho Chi Minh", "นครโฮจิมินห์"),
    ("haiphong", "VN", 20.8449, 106.6881, "Haiphong", "Hải Phòng", "Haiphong", "ไฮฟอง"),
    ("da-nang", "VN", 16.0544, 108.2022, "Da Nang", "Đà Nẵng", "Da Nang", "ดานัง"),
    ("jakarta", "ID", -6.2088, 106.8456, "Jakarta", "Jakarta", "Jakarta", "จาการ์ตา"),
    ("surabaya", "ID", -7.2575, 112.7521, "Surabaya", "Surabaya", "Surabaya", "สุราบายา"),
    ("bandung", "ID", -6.9175, 107.6191, "Bandung", "Bandung", "Bandung", "บันดุง"),
    ("pasig", "PH", 14.5764, 121.0851, "Pasig", "Pasig", "Pasig", "ปาซิก"),
    ("quezon-city", "PH", 14.6760, 121.0437, "Quezon City", "Thành phố Quezon", "Kota Quezon", "เกซอนซิตี"),
    ("kuala-lumpur", "MY", 3.1390, 101.6869, "Kuala Lumpur", "Kuala Lumpur", "Kuala Lumpur", "กัวลาลัมเปอร์"),
    ("singapore", "SG", 1.3521, 103.8198, "Singapore", "Singapore", "Singapura", "สิงคโปร์"),
    ("phnom-penh", "KH", 11.5564, 104.9282, "Phnom Penh", "Phnôm Pênh", "Phnom Penh", "พนมเปญ"),
    ("vientiane", "LA", 17.9757, 102.6331, "Vientiane", "Viêng Chăn", "Vientiane", "เวียงจันทน์"),
    ("yangon", "MM", 16.8409, 96.1735, "Yangon", "Yangon", "Yangon", "ย่างกุ้ง"),
    ("ulaanbaatar", "MN", 47.8864, 106.9057, "Ulaanbaatar", "Ulaanbaatar", "Ulan Bator", "อูลานบาตอร์"),
    ("kathmandu", "NP", 27.7172, 85.3240, "Kathmandu", "Kathmandu", "Kathmandu", "กาฐมาณฑุ"),
    ("dhaka", "BD", 23.8103, 90.4125, "Dhaka", "Dhaka", "Dhaka", "ธากา"),
    ("colombo", "LK", 6.9271, 79.8612, "Colombo", "Colombo", "Kolombo", "โคลัมโบ"),
    ("new-delhi", "IN", 28.6139, 77.2090, "New Delhi", "New Delhi", "New Delhi", "นิวเดลี"),
    ("lahore", "PK", 31.5204, 74.3587, "Lahore", "Lahore", "Lahore", "ลาฮอร์"),
    ("seoul", "KR", 37.5665, 126.9780, "Seoul", "Seoul", "Seoul", "โซล"),
    ("beijing", "CN", 39.9042, 116.4074, "Beijing", "Bắc Kinh", "Beijing", "ปักกิ่ง"),
    ("shenzhen", "CN", 22.5431, 114.0579, "Shenzhen", "Thâm Quyến", "Shenzhen", "เซินเจิ้น"),
    ("guiyang", "CN", 26.6470, 106.6302, "Guiyang", "Quý Dương", "Guiyang", "กุ้ยหยาง"),
    ("taipei", "TW", 25.0330, 121.5654, "Taipei", "Đài Bắc", "Taipei", "ไทเป"),
    ("taichung", "TW", 24.1477, 120.6736, "Taichung", "Đài Trung", "Taichung", "ไถจง"),
    ("kaohsiung", "TW", 22.6273, 120.3014, "Kaohsiung", "Cao Hùng", "Kaohsiung", "เกาสง"),
    ("tokyo", "JP", 35.6762, 139.6503, "Tokyo", "Tokyo", "Tokyo", "โตเกียว"),
    ("kawasaki", "JP", 35.5308, 139.7029, "Kawasaki", "Kawasaki", "Kawasaki", "คาวาซากิ"),
    ("kitakyushu", "JP", 33.8834, 130.8752, "Kitakyushu", "Kitakyushu", "Kitakyushu", "คิตะคีวชู"),
    ("osaka", "JP", 34.6937, 135.5023, "Osaka", "Osaka", "Osaka", "โอซากา"),
    ("san-diego", "US", 32.7157, -117.1611, "San Diego", "San Diego", "San Diego", "ซานดิเอโก"),
    ("san-jose", "US", 37.3382, -121.8863, "San Jose", "San Jose", "San Jose", "ซานโฮเซ"),
    ("philadelphia", "US", 39.9526, -75.1652, "Philadelphia", "Philadelphia", "Philadelphia", "ฟิลาเดลเฟีย"),
]

SUFFIXES = ("en", "vi", "ind", "th")


def labels(values):
    return {"name": values[0], **{f"name_{suffix}": value for suffix, value in zip(SUFFIXES, values, strict=True)}}


def seed(apps, schema_editor):
    for model_name, rows in (("Theme", THEMES), ("Pollutant", POLLUTANTS), ("Sector", SECTORS), ("Action", ACTIONS)):
        model = apps.get_model("knowledge", model_name)
        for order, (slug, *names) in enumerate(rows):
            model.objects.update_or_create(slug=slug, defaults={**labels(names), "sort_order": order})
    Country = apps.get_model("knowledge", "Country")
    for code, *names in COUNTRIES:
        Country.objects.update_or_create(code=code, defaults=labels(names))
    City = apps.get_model("knowledge", "City")
    for slug, code, latitude, longitude, *names in CITIES:
        City.objects.update_or_create(
            slug=slug,
            defaults={
                **labels(names),
                "country": Country.objects.get(code=code),
                "latitude": latitude,
                "longitude": longitude,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
