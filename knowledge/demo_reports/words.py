"""The labels and fixed sentences of the translated reports and of the links to them, in the four
languages side by side (content, kept with the demo like the pictures' descriptions).
"""

from __future__ import annotations

from knowledge.demo_reports.background import NOTICE

# --- Reports in every language --------------------------------------------------------------------

LANGUAGES = ("en", "vi", "id", "th")

# The labels and fixed sentences of the translated reports (the page's own text comes from the
# demo content). Kept here with the demo, like the pictures' descriptions, as they are content.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "dates": "Dates",
        "venue": "Venue",
        "city": "City",
        "time_zone": "Time zone",
        "organisers": "Organisers",
        "series": "Series",
        "summary": "Summary",
        "outcomes": "Outcomes",
        "format": "Format",
        "level": "Level",
        "audience": "Audience",
        "duration": "Duration",
        "year": "Year",
        "objectives": "Learning objectives",
        "editions": "Editions and dates",
        "sources": "Sources",
        "source": "The page of this report on the Clean Air Knowledge Exchange, which cites its sources.",
        "notice": NOTICE,
        "training_notice": (
            "This summary was prepared by the Clean Air Knowledge Exchange from the published description "
            "of the training for its demonstration content. It is not the organisers' own material."
        ),
    },
    "vi": {
        "dates": "Thời gian",
        "venue": "Địa điểm",
        "city": "Thành phố",
        "time_zone": "Múi giờ",
        "organisers": "Đơn vị tổ chức",
        "series": "Chuỗi sự kiện",
        "summary": "Tóm tắt",
        "outcomes": "Kết quả",
        "format": "Hình thức",
        "level": "Trình độ",
        "audience": "Đối tượng",
        "duration": "Thời lượng",
        "year": "Năm",
        "objectives": "Mục tiêu học tập",
        "editions": "Các khóa và thời gian",
        "sources": "Nguồn",
        "source": "Trang của báo cáo này trên Cổng trao đổi tri thức về không khí sạch, nơi dẫn các nguồn.",
        "notice": (
            "Bản tóm tắt này do Cổng trao đổi tri thức về không khí sạch soạn từ chương trình đã công bố "
            "của sự kiện, làm nội dung minh họa. Đây không phải báo cáo chính thức của ban tổ chức; ngày, "
            "địa điểm và đơn vị tổ chức được ghi theo thông báo của ban tổ chức."
        ),
        "training_notice": (
            "Bản tóm tắt này do Cổng trao đổi tri thức về không khí sạch soạn từ phần mô tả đã công bố của "
            "khóa đào tạo, làm nội dung minh họa. Đây không phải tài liệu của đơn vị tổ chức."
        ),
    },
    "id": {
        "dates": "Tanggal",
        "venue": "Tempat",
        "city": "Kota",
        "time_zone": "Zona waktu",
        "organisers": "Penyelenggara",
        "series": "Rangkaian",
        "summary": "Ringkasan",
        "outcomes": "Hasil",
        "format": "Format",
        "level": "Tingkat",
        "audience": "Peserta",
        "duration": "Durasi",
        "year": "Tahun",
        "objectives": "Tujuan pembelajaran",
        "editions": "Penyelenggaraan dan tanggal",
        "sources": "Sumber",
        "source": "Halaman laporan ini di Clean Air Knowledge Exchange, yang mencantumkan sumbernya.",
        "notice": (
            "Ringkasan ini disusun oleh Clean Air Knowledge Exchange dari program acara yang diumumkan, "
            "sebagai konten demonstrasi. Ini bukan laporan resmi penyelenggara; tanggal, tempat, dan "
            "penyelenggara sesuai pengumuman penyelenggara."
        ),
        "training_notice": (
            "Ringkasan ini disusun oleh Clean Air Knowledge Exchange dari deskripsi pelatihan yang "
            "diumumkan, sebagai konten demonstrasi. Ini bukan materi resmi penyelenggara."
        ),
    },
    "th": {
        "dates": "วันที่",
        "venue": "สถานที่",
        "city": "เมือง",
        "time_zone": "เขตเวลา",
        "organisers": "ผู้จัด",
        "series": "ชุดการประชุม",
        "summary": "สรุป",
        "outcomes": "ผลลัพธ์",
        "format": "รูปแบบ",
        "level": "ระดับ",
        "audience": "กลุ่มเป้าหมาย",
        "duration": "ระยะเวลา",
        "year": "ปี",
        "objectives": "วัตถุประสงค์การเรียนรู้",
        "editions": "รุ่นและวันที่จัด",
        "sources": "แหล่งที่มา",
        "source": "หน้าของรายงานนี้บนเว็บไซต์แลกเปลี่ยนความรู้ด้านอากาศสะอาด ซึ่งระบุแหล่งที่มาไว้",
        "notice": (
            "สรุปนี้จัดทำโดยเว็บไซต์แลกเปลี่ยนความรู้ด้านอากาศสะอาดจากกำหนดการที่เผยแพร่ของงาน "
            "เพื่อใช้เป็นเนื้อหาสาธิต ไม่ใช่รายงานอย่างเป็นทางการของผู้จัด วันที่ สถานที่ และผู้จัด "
            "เป็นไปตามที่ผู้จัดประกาศ"
        ),
        "training_notice": (
            "สรุปนี้จัดทำโดยเว็บไซต์แลกเปลี่ยนความรู้ด้านอากาศสะอาดจากคำอธิบายการฝึกอบรมที่เผยแพร่ "
            "เพื่อใช้เป็นเนื้อหาสาธิต ไม่ใช่เอกสารของผู้จัด"
        ),
    },
}

# The link to a report file: what it is and the language it is written in (named in the reader's).
LINK_TEXT = {
    "report": {
        "en": "Report (PDF, {language})",
        "vi": "Báo cáo (PDF, {language})",
        "id": "Laporan (PDF, {language})",
        "th": "รายงาน (PDF {language})",
    },
    "course": {
        "en": "Course summary (PDF, {language})",
        "vi": "Tóm tắt khóa học (PDF, {language})",
        "id": "Ringkasan materi (PDF, {language})",
        "th": "สรุปเนื้อหาการฝึกอบรม (PDF {language})",
    },
}
LANGUAGE_NAMES = {
    "en": {"en": "English", "vi": "Vietnamese", "id": "Bahasa Indonesia", "th": "Thai"},
    "vi": {"en": "tiếng Anh", "vi": "tiếng Việt", "id": "tiếng Indonesia", "th": "tiếng Thái"},
    "id": {"en": "bahasa Inggris", "vi": "bahasa Vietnam", "id": "Bahasa Indonesia", "th": "bahasa Thailand"},
    "th": {"en": "ภาษาอังกฤษ", "vi": "ภาษาเวียดนาม", "id": "ภาษาอินโดนีเซีย", "th": "ภาษาไทย"},
}
