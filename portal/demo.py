"""Demo content of the shell: the home page's words in the four languages."""

from django.core.management.base import OutputWrapper

from portal.i18n import set_translations
from portal.models import HomePage

HOME_PAGE = {
    "title": {
        "en": "Clean Air Knowledge Exchange",
        "vi": "Trao đổi tri thức vì không khí sạch",
        "id": "Pertukaran Pengetahuan Udara Bersih",
        "th": "เครือข่ายแลกเปลี่ยนความรู้เพื่ออากาศสะอาด",
    },
    "intro": {
        "en": "How did Haiphong build its emissions inventory, and who helped Pasig launch bike sharing? "
        "Find the practices, training and experts behind cleaner air in Asia and the Pacific.",
        "vi": "Hải Phòng đã xây dựng kiểm kê phát thải như thế nào, và ai đã giúp Pasig triển khai xe đạp công cộng? "
        "Tìm các thực tiễn, khóa đào tạo và chuyên gia đứng sau bầu không khí sạch hơn ở châu Á – Thái Bình Dương.",
        "id": "Bagaimana Haiphong menyusun inventarisasi emisinya, dan siapa yang membantu Pasig meluncurkan "
        "sepeda sewa? Temukan praktik, pelatihan, dan pakar di balik udara yang lebih bersih di Asia dan Pasifik.",
        "th": "ไฮฟองจัดทำบัญชีการปล่อยมลพิษอย่างไร และใครช่วยเมืองปาซิกเริ่มระบบจักรยานสาธารณะ "
        "ค้นหาแนวปฏิบัติ การฝึกอบรม และผู้เชี่ยวชาญเบื้องหลังอากาศที่สะอาดขึ้นในเอเชียและแปซิฟิก",
    },
}


def load(*, stdout: OutputWrapper) -> None:
    home = HomePage.objects.get()
    set_translations(home, "title", HOME_PAGE["title"])
    set_translations(home, "intro", HOME_PAGE["intro"])
    home.title = HOME_PAGE["title"]["en"]
    home.draft_title = HOME_PAGE["title"]["en"]
    home.save_revision().publish()
    stdout.write("home page: titles and introduction in en, vi, id, th")
