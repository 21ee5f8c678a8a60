"""Queries the similarity floor is calibrated on, written from the demo content before any run.

In-domain queries are questions, paraphrases and cross-language wordings a reader could type
about the demo knowledge (with the page they should reach, or None when several fit); the
out-of-domain ones (recipes, football, shopping, nonsense) must answer nothing. Shared by the
hybrid tests and the calibration figures in the report.
"""

IN_DOMAIN: list[tuple[str, str, str | None]] = [
    ("vi", "thành phố nào có xe buýt điện", "shenzhen-electric-buses"),
    ("th", "ระบบแจ้งเตือนหมอกควันจากการเผาในไร่", "chiang-mai-agricultural-burning-alerts"),
    ("id", "bagaimana kota membatasi kendaraan yang berpolusi", "jakarta-low-emission-zone"),
    ("en", "how do cities find out where their pollution comes from", None),
    ("en", "shared bicycles for short trips", "pasig-public-bike-sharing"),
    ("vi", "sưởi ấm bằng than ở khu lều", "ulaanbaatar-ger-district-heating"),
    ("th", "รถเมล์ไฟฟ้า", "shenzhen-electric-buses"),
    ("id", "alat pemantauan kualitas udara", "air-quality-monitoring-tools"),
    ("en", "training course on fine particulate matter", "managing-pm25"),
    ("vi", "kinh nghiệm quản lý không khí của Bắc Kinh", "beijing-air-quality-management"),
    ("en", "smoke from crop burning", "chiang-mai-agricultural-burning-alerts"),
    ("th", "การจำกัดรถยนต์ที่ปล่อยมลพิษในใจกลางเมือง", "jakarta-low-emission-zone"),
    ("id", "emisi pelabuhan dan kawasan industri", "haiphong-emissions-inventory-industrial-zones-and-ports"),
    ("en", "what can a city do about diesel trucks", None),
]

OUT_OF_DOMAIN: list[tuple[str, str]] = [
    ("en", "chicken curry recipe"),
    ("en", "Manchester United 2-1 Liverpool score"),
    ("en", "asdkjh"),
    ("vi", "công thức nấu phở bò"),
    ("th", "ผลฟุตบอลพรีเมียร์ลีกเมื่อคืน"),
    ("id", "resep nasi goreng"),
    ("en", "best smartphone under 300 dollars"),
    ("en", "how to knit a scarf"),
    ("en", "qwerty zxcvb"),
    ("vi", "giá vé máy bay đi Đà Nẵng"),
    ("th", "สูตรต้มยำกุ้ง"),
    ("id", "jadwal pertandingan sepak bola"),
]
