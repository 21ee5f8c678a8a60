"""Thai misspellings of words in the demo content, written before any correction was tried.

(misspelt query, collection, slug of the page or expert it must find in the top 3, the slip).
Each has one slip of the kinds Thai readers make: a wrong final consonant of the same sound, a
missing tone mark or vowel, a swapped vowel, a dropped cluster consonant. Real-word slips (one
that turns a word into another word, "โซล" typed "โซน") are left out: no spelling correction
can tell them from what the reader meant.
"""

THAI_MISSPELLINGS: list[tuple[str, str, str, str]] = [
    ("ตรวจวัดคุณภาพอากาษฮานอย", "knowledge", "hanoi-air-quality-monitoring", "ศ→ษ final consonant"),
    ("ตรวจวัตคุณภาพอากาศฮานอย", "knowledge", "hanoi-air-quality-monitoring", "ด→ต final consonant"),
    ("จักยานสาธารณะ", "knowledge", "pasig-public-bike-sharing", "dropped ร of a cluster"),
    ("จักรยานสาธารนะ", "knowledge", "pasig-public-bike-sharing", "ณ→น same sound"),
    ("เขตปล่อยมลพิดต่ำ", "knowledge", "jakarta-low-emission-zone", "ษ→ด final consonant"),
    ("รถโดยสารไฟฟา", "knowledge", "shenzhen-electric-buses", "missing tone mark ้"),
    ("เตือนภัยฤดูเผาเชียงไหม่", "knowledge", "chiang-mai-agricultural-burning-alerts", "ใ→ไ swapped vowel"),
    ("บัญชีการปล่อยมลพิสไฮฟอง", "knowledge", "haiphong-emissions-inventory-industrial-zones-and-ports", "ษ→ส"),
    ("เครื่องมือตรวจวัส", "knowledge", "air-quality-monitoring-tools", "ด→ส final consonant"),
    ("การศึกษาดูงานญี่ปุน", "knowledge", "study-tour-japan-2017", "missing tone mark ่"),
    ("แผนปฏิบัติการ PM2.5 กรุงเทบ", "knowledge", "bangkok-pm25-action-plan", "พ→บ final consonant"),
    ("หมอกควนจากการเผา", "knowledge", "chiang-mai-agricultural-burning-alerts", "missing vowel ั"),
    ("กองจัดการคุณภาพอากาษ", "experts", "สมชาย-วงศ์สวัสดิ์", "ศ→ษ final consonant"),
]
