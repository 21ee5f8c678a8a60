"""The secretariat's translations of the demo experts' profiles into the languages their authors
did not write in (demo_data.py keeps each expert's own words). Merged by experts.demo: a text the
expert wrote always wins over a translation here.

Two profiles stay in their author's language only, on purpose, so the directory shows how a
profile written in one language falls back for readers of the others (DEMO_UNTRANSLATED).
"""

# Experts whose profiles are deliberately left untranslated: (e-mail, the one language written).
DEMO_UNTRANSLATED: dict[str, str] = {
    "duc.nguyen@example.org": "vi",
    "somchai.w@example.org": "th",
}

TRANSLATIONS: dict[str, dict[str, dict[str, str]]] = {
    "linh.tran@example.org": {
        "position": {
            "id": "Wakil kepala divisi kualitas udara",
            "th": "รองหัวหน้าฝ่ายคุณภาพอากาศ",
        },
        "organisation": {
            "id": "Kementerian Sumber Daya Alam dan Lingkungan Hidup (Viet Nam)",
            "th": "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม (เวียดนาม)",
        },
        "bio": {
            "id": "<p>Mengoordinasikan rencana aksi udara bersih nasional dan penerapannya di provinsi.</p>",
            "th": "<p>ประสานงานแผนปฏิบัติการอากาศสะอาดระดับชาติและการขยายผลสู่ระดับจังหวัด</p>",
        },
    },
    "hoa.le@example.net": {
        "position": {
            "id": "Profesor madya teknik lingkungan",
            "th": "รองศาสตราจารย์ด้านวิศวกรรมสิ่งแวดล้อม",
        },
        "organisation": {
            "id": "Universitas Teknologi Kota Ho Chi Minh",
            "th": "มหาวิทยาลัยเทคโนโลยีนครโฮจิมินห์",
        },
        "bio": {
            "vi": "<p>Chủ trì các nghiên cứu phân bổ nguồn bụi mịn ở miền Nam Việt Nam.</p>",
            "id": "<p>Memimpin studi apportionment sumber partikel halus di Viet Nam bagian selatan.</p>",
            "th": "<p>เป็นผู้นำการศึกษาการจำแนกสัดส่วนแหล่งกำเนิดฝุ่นละอองขนาดเล็กในภาคใต้ของเวียดนาม</p>",
        },
    },
    "quang.pham@example.org": {
        "position": {
            "en": "Head of environmental monitoring",
            "id": "Kepala bagian pemantauan lingkungan",
            "th": "หัวหน้าฝ่ายตรวจวัดสิ่งแวดล้อม",
        },
        "organisation": {
            "en": "Da Nang Centre for Natural Resources and Environment Monitoring",
            "id": "Pusat Pemantauan Sumber Daya Alam dan Lingkungan Da Nang",
            "th": "ศูนย์ตรวจวัดทรัพยากรธรรมชาติและสิ่งแวดล้อมดานัง",
        },
        "bio": {
            "en": "<p>Runs the city's automatic monitoring stations and its daily air quality bulletin.</p>",
            "id": "<p>Mengelola jaringan stasiun pemantauan otomatis dan buletin kualitas udara harian kota.</p>",
            "th": "<p>ดูแลเครือข่ายสถานีตรวจวัดอัตโนมัติและรายงานคุณภาพอากาศประจำวันของเมือง</p>",
        },
    },
    "pimchanok.s@example.net": {
        "position": {"vi": "Giảng viên, Khoa Kỹ thuật", "id": "Dosen, Fakultas Teknik"},
        "organisation": {"vi": "Đại học Chiang Mai", "id": "Universitas Chiang Mai"},
        "bio": {
            "vi": "<p>Dự báo khói mù từ đốt lộ thiên ở miền Bắc Thái Lan bằng dữ liệu phát hiện cháy từ vệ tinh.</p>",
            "id": "<p>Memprakirakan kabut asap dari pembakaran terbuka di Thailand utara dengan data titik api satelit.</p>",
        },
    },
    "kanya.r@example.org": {
        "position": {
            "en": "Senior environmental officer",
            "vi": "Chuyên viên môi trường chính",
            "id": "Analis lingkungan ahli",
        },
        "organisation": {
            "en": "Pollution Control Department (Thailand)",
            "vi": "Cục Kiểm soát Ô nhiễm (Thái Lan)",
            "id": "Departemen Pengendalian Pencemaran (Thailand)",
        },
        "bio": {
            "en": "<p>Designs the dust alert system and the emission control zone measures.</p>",
            "vi": "<p>Thiết kế hệ thống cảnh báo bụi và các biện pháp vùng kiểm soát phát thải.</p>",
            "id": "<p>Merancang sistem peringatan debu dan langkah zona pengendalian emisi.</p>",
        },
    },
    "arief.w@example.org": {
        "position": {
            "vi": "Trưởng bộ phận Kiểm soát ô nhiễm không khí",
            "th": "หัวหน้าฝ่ายควบคุมมลพิษทางอากาศ",
        },
        "organisation": {
            "vi": "Sở Môi trường tỉnh DKI Jakarta",
            "th": "สำนักงานสิ่งแวดล้อมจังหวัดจาการ์ตา",
        },
        "bio": {
            "en": "<p>Leads Jakarta's air pollution control strategy and the expansion of vehicle emission testing.</p>",
            "vi": "<p>Chủ trì xây dựng Chiến lược kiểm soát ô nhiễm không khí của Jakarta và mở rộng kiểm định khí thải xe.</p>",
            "th": "<p>เป็นผู้นำการจัดทำยุทธศาสตร์ควบคุมมลพิษทางอากาศของจาการ์ตาและการขยายการตรวจวัดไอเสียรถยนต์</p>",
        },
    },
    "dewi.lestari@example.net": {
        "position": {
            "en": "Air quality researcher",
            "vi": "Nhà nghiên cứu chất lượng không khí",
            "th": "นักวิจัยด้านคุณภาพอากาศ",
        },
        "organisation": {
            "en": "Bandung Institute of Technology",
            "vi": "Học viện Công nghệ Bandung",
            "th": "สถาบันเทคโนโลยีบันดุง",
        },
        "bio": {
            "en": "<p>Builds low-cost sensor networks in Bandung's schools and trains teachers to read the data.</p>",
            "vi": "<p>Xây dựng mạng lưới cảm biến chi phí thấp tại các trường học ở Bandung và hướng dẫn giáo viên đọc dữ liệu.</p>",
            "th": "<p>สร้างเครือข่ายเซนเซอร์ต้นทุนต่ำในโรงเรียนของบันดุงและฝึกครูให้อ่านข้อมูล</p>",
        },
    },
    "budi.santoso@example.org": {
        "position": {"vi": "Chuyên viên phân tích môi trường", "th": "นักวิเคราะห์สิ่งแวดล้อม"},
        "organisation": {"vi": "Sở Môi trường thành phố Surabaya", "th": "สำนักงานสิ่งแวดล้อมเมืองสุราบายา"},
        "bio": {
            "vi": "<p>Tham gia mô hình ngân hàng rác khu dân cư của Surabaya, giúp giảm đốt rác sinh hoạt lộ thiên.</p>",
            "id": "<p>Terlibat dalam bank sampah lingkungan di Surabaya yang mengurangi pembakaran terbuka sampah rumah tangga.</p>",
            "th": "<p>ทำงานด้านธนาคารขยะชุมชนของสุราบายา ซึ่งช่วยลดการเผาขยะครัวเรือนในที่โล่ง</p>",
        },
    },
    "maria.santos@example.org": {
        "position": {
            "vi": "Cán bộ môi trường và tài nguyên thiên nhiên thành phố",
            "id": "Petugas lingkungan dan sumber daya alam kota",
            "th": "เจ้าหน้าที่สิ่งแวดล้อมและทรัพยากรธรรมชาติของเมือง",
        },
        "organisation": {
            "vi": "Chính quyền thành phố Pasig",
            "id": "Pemerintah Kota Pasig",
            "th": "รัฐบาลเมืองปาซิก",
        },
        "bio": {
            "vi": "<p>Chủ trì triển khai xe đạp công cộng ở Pasig, học hỏi từ Đài Bắc qua chương trình kết nghĩa thành phố.</p>",
            "id": "<p>Memimpin peluncuran sepeda sewa publik di Pasig, belajar dari Taipei melalui kemitraan kota.</p>",
            "th": "<p>เป็นผู้นำการเปิดตัวระบบจักรยานสาธารณะของปาซิก โดยเรียนรู้จากไทเปผ่านความร่วมมือเมืองคู่แฝด</p>",
        },
    },
    "jose.reyes@example.net": {
        "position": {
            "vi": "Quản lý chương trình không khí sạch",
            "id": "Manajer program udara bersih",
            "th": "ผู้จัดการโครงการอากาศสะอาด",
        },
        "bio": {
            "vi": "<p>Hỗ trợ các thành phố Philippines xây dựng kế hoạch hành động không khí sạch với mục tiêu đo lường được.</p>",
            "id": "<p>Mendampingi kota-kota Filipina menyusun rencana aksi udara bersih dengan target yang terukur.</p>",
            "th": "<p>สนับสนุนเมืองต่าง ๆ ในฟิลิปปินส์ในการจัดทำแผนปฏิบัติการอากาศสะอาดที่มีเป้าหมายวัดผลได้</p>",
        },
    },
    "aisyah.rahman@example.org": {
        "position": {
            "vi": "Phó giám đốc chính, Ban Không khí",
            "id": "Asisten direktur utama, divisi udara",
            "th": "ผู้ช่วยผู้อำนวยการอาวุโส ฝ่ายอากาศ",
        },
        "organisation": {
            "vi": "Cục Môi trường Malaysia",
            "id": "Departemen Lingkungan Hidup Malaysia",
            "th": "กรมสิ่งแวดล้อมมาเลเซีย",
        },
        "bio": {
            "vi": "<p>Phụ trách bản tin cảnh báo sớm khói mù được chia sẻ với các nước láng giềng.</p>",
            "id": "<p>Mengelola buletin peringatan dini kabut asap yang dibagikan kepada negara-negara tetangga.</p>",
            "th": "<p>ดูแลประกาศเตือนภัยหมอกควันล่วงหน้าที่แบ่งปันกับประเทศเพื่อนบ้าน</p>",
        },
    },
    "wei.tan@example.net": {
        "position": {"vi": "Nghiên cứu viên cao cấp", "id": "Peneliti senior", "th": "นักวิจัยอาวุโส"},
        "organisation": {
            "vi": "Đại học Quốc gia Singapore",
            "id": "Universitas Nasional Singapura",
            "th": "มหาวิทยาลัยแห่งชาติสิงคโปร์",
        },
        "bio": {
            "vi": "<p>Xây dựng kiểm kê phát thải tàu biển từ dữ liệu định vị tàu cho các cảng châu Á.</p>",
            "id": "<p>Menyusun inventarisasi emisi kapal dari data pelacakan kapal untuk pelabuhan-pelabuhan Asia.</p>",
            "th": "<p>จัดทำบัญชีการปล่อยมลพิษจากเรือโดยใช้ข้อมูลติดตามเรือสำหรับท่าเรือในเอเชีย</p>",
        },
    },
    "sokha.chan@example.org": {
        "position": {
            "vi": "Phó vụ trưởng, Vụ Chất lượng không khí",
            "id": "Wakil direktur, departemen kualitas udara",
            "th": "รองผู้อำนวยการ กรมคุณภาพอากาศ",
        },
        "organisation": {
            "vi": "Bộ Môi trường (Campuchia)",
            "id": "Kementerian Lingkungan Hidup (Kamboja)",
            "th": "กระทรวงสิ่งแวดล้อม (กัมพูชา)",
        },
        "bio": {
            "vi": "<p>Mở rộng mạng lưới quan trắc của Phnom Penh từ hai lên mười hai trạm.</p>",
            "id": "<p>Memperluas jaringan pemantauan Phnom Penh dari dua menjadi dua belas stasiun.</p>",
            "th": "<p>ขยายเครือข่ายตรวจวัดของพนมเปญจากสองสถานีเป็นสิบสองสถานี</p>",
        },
    },
    "khamla.v@example.net": {
        "position": {
            "vi": "Cán bộ kỹ thuật kiểm soát ô nhiễm",
            "id": "Petugas teknis pengendalian pencemaran",
            "th": "เจ้าหน้าที่เทคนิคด้านการควบคุมมลพิษ",
        },
        "organisation": {
            "vi": "Bộ Tài nguyên và Môi trường (CHDCND Lào)",
            "id": "Kementerian Sumber Daya Alam dan Lingkungan Hidup (Laos)",
            "th": "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม (สปป. ลาว)",
        },
        "bio": {
            "vi": "<p>Làm việc với các bản làng quanh Viêng Chăn về giải pháp thay thế đốt phụ phẩm cây trồng.</p>",
            "id": "<p>Bekerja dengan desa-desa di sekitar Vientiane mencari alternatif pembakaran sisa tanaman.</p>",
            "th": "<p>ทำงานกับหมู่บ้านรอบเวียงจันทน์เพื่อหาทางเลือกแทนการเผาเศษวัสดุทางการเกษตร</p>",
        },
    },
    "thida.aung@example.org": {
        "position": {
            "vi": "Nhà nghiên cứu sức khỏe môi trường",
            "id": "Peneliti kesehatan lingkungan",
            "th": "นักวิจัยด้านอนามัยสิ่งแวดล้อม",
        },
        "organisation": {
            "vi": "Mạng lưới không khí sạch Yangon",
            "id": "Jaringan udara bersih Yangon",
            "th": "เครือข่ายอากาศสะอาดย่างกุ้ง",
        },
        "bio": {
            "vi": "<p>Đo ô nhiễm không khí trong nhà do nhiên liệu nấu ăn và khuyến khích dùng bếp sạch hơn.</p>",
            "id": "<p>Mengukur pencemaran udara rumah tangga dari bahan bakar memasak dan mendorong kompor yang lebih bersih.</p>",
            "th": "<p>ตรวจวัดมลพิษทางอากาศในครัวเรือนจากเชื้อเพลิงหุงต้มและส่งเสริมเตาที่สะอาดขึ้น</p>",
        },
    },
    "bat.erdene@example.org": {
        "position": {
            "vi": "Trưởng phòng Chất lượng không khí",
            "id": "Kepala departemen kualitas udara",
            "th": "หัวหน้ากรมคุณภาพอากาศ",
        },
        "organisation": {
            "vi": "Sở Chất lượng không khí thành phố Ulaanbaatar",
            "id": "Departemen Kualitas Udara Kota Ulaanbaatar",
            "th": "กรมคุณภาพอากาศนครอูลานบาตอร์",
        },
        "bio": {
            "vi": "<p>Chỉ đạo chuyển đổi các hộ gia đình khu lều ger từ than thô sang nhiên liệu sạch hơn.</p>",
            "id": "<p>Mengawasi peralihan rumah tangga di distrik ger dari batu bara mentah ke bahan bakar yang lebih bersih.</p>",
            "th": "<p>กำกับการเปลี่ยนครัวเรือนในย่านเกอร์จากถ่านหินดิบไปใช้เชื้อเพลิงที่สะอาดขึ้น</p>",
        },
    },
    "sunita.shrestha@example.net": {
        "position": {
            "vi": "Giáo sư khoa học môi trường",
            "id": "Profesor ilmu lingkungan",
            "th": "ศาสตราจารย์ด้านวิทยาศาสตร์สิ่งแวดล้อม",
        },
        "organisation": {"vi": "Đại học Tribhuvan", "id": "Universitas Tribhuvan", "th": "มหาวิทยาลัยตรีภูวัน"},
        "bio": {
            "vi": "<p>Nghiên cứu muội than từ lò gạch ở thung lũng Kathmandu và các thiết kế lò sạch hơn.</p>",
            "id": "<p>Meneliti karbon hitam dari tungku bata di Lembah Kathmandu dan rancangan tungku yang lebih bersih.</p>",
            "th": "<p>ศึกษาคาร์บอนดำจากเตาเผาอิฐในหุบเขากาฐมาณฑุและการออกแบบเตาที่สะอาดขึ้น</p>",
        },
    },
    "rahim.hossain@example.org": {
        "position": {
            "vi": "Giám đốc quản lý chất lượng không khí",
            "id": "Direktur pengelolaan kualitas udara",
            "th": "ผู้อำนวยการฝ่ายจัดการคุณภาพอากาศ",
        },
        "organisation": {
            "vi": "Cục Môi trường (Bangladesh)",
            "id": "Departemen Lingkungan Hidup (Bangladesh)",
            "th": "กรมสิ่งแวดล้อม (บังกลาเทศ)",
        },
        "bio": {
            "vi": "<p>Chủ trì chương trình quốc gia hiện đại hóa lò gạch quanh Dhaka.</p>",
            "id": "<p>Memimpin program nasional modernisasi tungku bata di sekitar Dhaka.</p>",
            "th": "<p>เป็นผู้นำโครงการระดับชาติเพื่อปรับปรุงเตาเผาอิฐรอบกรุงธากาให้ทันสมัย</p>",
        },
    },
    "nimal.perera@example.net": {
        "position": {"vi": "Nhà khoa học cao cấp", "id": "Ilmuwan senior", "th": "นักวิทยาศาสตร์อาวุโส"},
        "organisation": {
            "vi": "Cơ quan Môi trường Trung ương (Sri Lanka)",
            "id": "Otoritas Lingkungan Pusat (Sri Lanka)",
            "th": "สำนักงานสิ่งแวดล้อมกลาง (ศรีลังกา)",
        },
        "bio": {
            "vi": "<p>Phụ trách chương trình kiểm định khí thải phương tiện và công tác đánh giá chương trình.</p>",
            "id": "<p>Menjalankan program uji emisi kendaraan beserta auditnya.</p>",
            "th": "<p>ดูแลโครงการตรวจวัดไอเสียยานพาหนะและการตรวจประเมินโครงการ</p>",
        },
    },
    "priya.sharma@example.org": {
        "position": {
            "vi": "Giám đốc chương trình chất lượng không khí",
            "id": "Direktur program kualitas udara",
            "th": "ผู้อำนวยการโครงการคุณภาพอากาศ",
        },
        "organisation": {
            "vi": "Trung tâm nghiên cứu không khí sạch Delhi",
            "id": "Pusat riset udara bersih Delhi",
            "th": "ศูนย์วิจัยอากาศสะอาดเดลี",
        },
        "bio": {
            "vi": "<p>Góp phần thiết kế kế hoạch ứng phó theo cấp độ của Delhi, siết chặt biện pháp khi ô nhiễm tăng.</p>",
            "id": "<p>Ikut merancang rencana respons bertingkat Delhi yang memperketat langkah saat polusi meningkat.</p>",
            "th": "<p>ร่วมออกแบบแผนรับมือตามระดับของเดลี ซึ่งเพิ่มความเข้มงวดของมาตรการเมื่อมลพิษสูงขึ้น</p>",
        },
    },
    "ali.raza@example.net": {
        "position": {
            "vi": "Phó giám đốc quan trắc môi trường",
            "id": "Wakil direktur pemantauan lingkungan",
            "th": "รองผู้อำนวยการฝ่ายตรวจวัดสิ่งแวดล้อม",
        },
        "organisation": {
            "vi": "Sở Bảo vệ Môi trường tỉnh Punjab",
            "id": "Dinas Perlindungan Lingkungan Punjab",
            "th": "กรมคุ้มครองสิ่งแวดล้อมรัฐปัญจาบ",
        },
        "bio": {
            "vi": "<p>Điều phối ứng phó mùa khói mù ở Lahore và các cảnh báo công khai.</p>",
            "id": "<p>Mengoordinasikan respons musim kabut asap Lahore dan peringatan publik.</p>",
            "th": "<p>ประสานการรับมือฤดูหมอกควันของลาฮอร์และการแจ้งเตือนสาธารณะ</p>",
        },
    },
    "jiyoon.kim@example.org": {
        "position": {
            "vi": "Chuyên viên chính sách cao cấp về khí hậu và môi trường",
            "id": "Pejabat kebijakan senior bidang iklim dan lingkungan",
            "th": "เจ้าหน้าที่นโยบายอาวุโสด้านสภาพภูมิอากาศและสิ่งแวดล้อม",
        },
        "organisation": {
            "vi": "Chính quyền thủ đô Seoul",
            "id": "Pemerintah Metropolitan Seoul",
            "th": "รัฐบาลกรุงโซล",
        },
        "bio": {
            "vi": "<p>Thiết kế Vùng giao thông xanh quanh khu phố cổ Seoul, hạn chế những xe gây ô nhiễm nhất.</p>",
            "id": "<p>Merancang Zona Transportasi Hijau di sekitar kota tua Seoul yang membatasi mobil paling berpolusi.</p>",
            "th": "<p>ออกแบบเขตการจราจรสีเขียวรอบเมืองเก่าของโซล ซึ่งจำกัดรถยนต์ที่ก่อมลพิษมากที่สุด</p>",
        },
    },
    "wang.lei@example.net": {
        "position": {
            "vi": "Kỹ sư môi trường không khí",
            "id": "Insinyur lingkungan atmosfer",
            "th": "วิศวกรด้านสิ่งแวดล้อมบรรยากาศ",
        },
        "organisation": {
            "vi": "Cục Sinh thái và Môi trường thành phố Bắc Kinh",
            "id": "Biro Ekologi dan Lingkungan Kota Beijing",
            "th": "สำนักงานนิเวศวิทยาและสิ่งแวดล้อมนครปักกิ่ง",
        },
        "bio": {
            "vi": "<p>Tham gia nghiên cứu điển hình về quản lý chất lượng không khí của Bắc Kinh và các lần cập nhật phân bổ nguồn.</p>",
            "id": "<p>Berkontribusi pada studi kasus pengelolaan kualitas udara Beijing dan pembaruan apportionment sumbernya.</p>",
            "th": "<p>ร่วมจัดทำกรณีศึกษาการจัดการคุณภาพอากาศของปักกิ่งและการปรับปรุงการจำแนกสัดส่วนแหล่งกำเนิด</p>",
        },
    },
    "chen.jing@example.org": {
        "position": {
            "vi": "Phó giám đốc phụ trách phát thải giao thông",
            "id": "Wakil direktur emisi transportasi",
            "th": "รองผู้อำนวยการด้านการปล่อยมลพิษจากการขนส่ง",
        },
        "organisation": {
            "vi": "Cục Sinh thái và Môi trường Thâm Quyến",
            "id": "Biro Ekologi dan Lingkungan Shenzhen",
            "th": "สำนักงานนิเวศวิทยาและสิ่งแวดล้อมเซินเจิ้น",
        },
        "bio": {
            "vi": "<p>Tham gia điện khí hóa toàn bộ đội xe buýt và taxi của Thâm Quyến.</p>",
            "id": "<p>Terlibat dalam elektrifikasi penuh armada bus dan taksi Shenzhen.</p>",
            "th": "<p>ร่วมผลักดันการเปลี่ยนรถโดยสารและแท็กซี่ทั้งหมดของเซินเจิ้นเป็นรถไฟฟ้า</p>",
        },
    },
    "li.na@example.net": {
        "position": {
            "vi": "Cán bộ chất lượng không khí",
            "id": "Petugas kualitas udara",
            "th": "เจ้าหน้าที่คุณภาพอากาศ",
        },
        "organisation": {
            "vi": "Cục Sinh thái và Môi trường Quý Dương",
            "id": "Biro Ekologi dan Lingkungan Guiyang",
            "th": "สำนักงานนิเวศวิทยาและสิ่งแวดล้อมกุ้ยหยาง",
        },
        "bio": {
            "vi": "<p>Tham gia chuyến khảo sát của EACAC tới Tokyo và Kawasaki về kiểm soát chất lượng không khí công nghiệp.</p>",
            "id": "<p>Mengikuti kunjungan studi EACAC ke Tokyo dan Kawasaki tentang pengendalian kualitas udara industri.</p>",
            "th": "<p>ร่วมการศึกษาดูงานของ EACAC ที่โตเกียวและคาวาซากิเรื่องการควบคุมคุณภาพอากาศจากอุตสาหกรรม</p>",
        },
    },
    "hsu.mingyu@example.org": {
        "position": {
            "vi": "Trưởng bộ phận quy hoạch giao thông",
            "id": "Kepala seksi perencanaan transportasi",
            "th": "หัวหน้าฝ่ายวางแผนการขนส่ง",
        },
        "organisation": {
            "vi": "Sở Giao thông thành phố Đài Bắc",
            "id": "Dinas Perhubungan Kota Taipei",
            "th": "กรมการขนส่งนครไทเป",
        },
        "bio": {
            "vi": "<p>Hướng dẫn thành phố Pasig về xe đạp công cộng trong khuôn khổ Đối tác Không khí sạch cho Đô thị.</p>",
            "id": "<p>Menjadi mentor Kota Pasig untuk sepeda sewa publik dalam Kemitraan Udara Bersih Kota.</p>",
            "th": "<p>เป็นพี่เลี้ยงให้เมืองปาซิกด้านจักรยานสาธารณะภายใต้หุ้นส่วนอากาศสะอาดของเมือง</p>",
        },
    },
    "lin.yating@example.net": {
        "position": {"vi": "Kỹ sư môi trường", "id": "Insinyur lingkungan", "th": "วิศวกรสิ่งแวดล้อม"},
        "organisation": {
            "vi": "Sở Bảo vệ Môi trường thành phố Đài Trung",
            "id": "Biro Perlindungan Lingkungan Kota Taichung",
            "th": "สำนักงานคุ้มครองสิ่งแวดล้อมเมืองไถจง",
        },
        "bio": {
            "vi": "<p>Theo dõi mức cắt giảm phát thải tại nhà máy nhiệt điện than cấp điện cho Đài Trung, thành phố kết nghĩa với San Jose.</p>",
            "id": "<p>Memantau penurunan emisi di PLTU batu bara yang melayani Taichung, kota kembaran San Jose.</p>",
            "th": "<p>ติดตามการลดการปล่อยมลพิษของโรงไฟฟ้าถ่านหินที่จ่ายไฟให้ไถจง ซึ่งเป็นเมืองคู่แฝดกับซานโฮเซ</p>",
        },
    },
    "chang.wei@example.org": {
        "position": {
            "vi": "Chuyên gia chất lượng không khí cảng biển",
            "id": "Spesialis kualitas udara pelabuhan",
            "th": "ผู้เชี่ยวชาญคุณภาพอากาศท่าเรือ",
        },
        "organisation": {
            "vi": "Sở Bảo vệ Môi trường thành phố Cao Hùng",
            "id": "Biro Perlindungan Lingkungan Kota Kaohsiung",
            "th": "สำนักงานคุ้มครองสิ่งแวดล้อมเมืองเกาสง",
        },
        "bio": {
            "vi": "<p>Đưa vào áp dụng điện bờ và quy định nhiên liệu ít lưu huỳnh tại cảng Cao Hùng.</p>",
            "id": "<p>Memperkenalkan listrik darat dan aturan bahan bakar rendah sulfur di pelabuhan Kaohsiung.</p>",
            "th": "<p>นำระบบจ่ายไฟจากฝั่งและกฎเชื้อเพลิงกำมะถันต่ำมาใช้ที่ท่าเรือเกาสง</p>",
        },
    },
    "sato.kenji@example.net": {
        "position": {
            "vi": "Cán bộ cao cấp về hợp tác môi trường quốc tế",
            "id": "Pejabat senior kerja sama lingkungan internasional",
            "th": "เจ้าหน้าที่อาวุโสด้านความร่วมมือสิ่งแวดล้อมระหว่างประเทศ",
        },
        "organisation": {"vi": "Thành phố Kitakyushu", "id": "Kota Kitakyushu", "th": "เมืองคิตะคีวชู"},
        "bio": {
            "vi": "<p>Hướng dẫn Hải Phòng kiểm kê phát thải các khu công nghiệp và cảng biển.</p>",
            "id": "<p>Menjadi mentor Haiphong dalam inventarisasi emisi kawasan industri dan pelabuhannya.</p>",
            "th": "<p>เป็นพี่เลี้ยงให้ไฮฟองในการจัดทำบัญชีการปล่อยมลพิษของนิคมอุตสาหกรรมและท่าเรือ</p>",
        },
    },
    "yamada.aiko@example.org": {
        "position": {
            "vi": "Quản lý quan trắc chất lượng không khí",
            "id": "Manajer pemantauan kualitas udara",
            "th": "ผู้จัดการฝ่ายตรวจวัดคุณภาพอากาศ",
        },
        "organisation": {
            "vi": "Sở Môi trường thành phố Kawasaki",
            "id": "Biro Lingkungan Kota Kawasaki",
            "th": "สำนักสิ่งแวดล้อมเมืองคาวาซากิ",
        },
        "bio": {
            "vi": "<p>Đón tiếp các đoàn khảo sát về quan trắc không khí công nghiệp của Kawasaki.</p>",
            "id": "<p>Menjadi tuan rumah kunjungan studi tentang pemantauan udara industri Kawasaki.</p>",
            "th": "<p>ต้อนรับคณะศึกษาดูงานด้านการตรวจวัดอากาศในพื้นที่อุตสาหกรรมของคาวาซากิ</p>",
        },
    },
    "tanaka.hiroshi@example.net": {
        "position": {"vi": "Phó giám đốc", "id": "Wakil direktur", "th": "รองผู้อำนวยการ"},
        "organisation": {
            "vi": "Cục Môi trường, Chính quyền thủ đô Tokyo",
            "id": "Biro Lingkungan Pemerintah Metropolitan Tokyo",
            "th": "สำนักสิ่งแวดล้อม รัฐบาลกรุงโตเกียว",
        },
        "bio": {
            "vi": "<p>Am hiểu các quy định về xe chạy dầu diesel của Tokyo từ khâu thiết kế đến đánh giá.</p>",
            "id": "<p>Menguasai regulasi kendaraan diesel Tokyo dari perancangan hingga evaluasinya.</p>",
            "th": "<p>รู้จักกฎระเบียบรถยนต์ดีเซลของโตเกียวตั้งแต่การออกแบบจนถึงการประเมินผล</p>",
        },
    },
    "nakamura.yui@example.org": {
        "position": {
            "vi": "Nhà nghiên cứu hóa học khí quyển",
            "id": "Peneliti kimia atmosfer",
            "th": "นักวิจัยด้านเคมีบรรยากาศ",
        },
        "organisation": {"vi": "Đại học Osaka", "id": "Universitas Osaka", "th": "มหาวิทยาลัยโอซาก้า"},
        "bio": {
            "vi": "<p>Mô hình hóa ôzôn và các chất ô nhiễm khí hậu tồn tại ngắn cho các thành phố Đông Á.</p>",
            "id": "<p>Memodelkan ozon dan polutan iklim berumur pendek untuk kota-kota Asia Timur.</p>",
            "th": "<p>สร้างแบบจำลองโอโซนและมลพิษที่มีผลต่อสภาพภูมิอากาศระยะสั้นสำหรับเมืองในเอเชียตะวันออก</p>",
        },
    },
    "d.alvarez@example.net": {
        "position": {
            "vi": "Chuyên viên quy hoạch chất lượng không khí",
            "id": "Perencana kualitas udara",
            "th": "นักวางแผนด้านคุณภาพอากาศ",
        },
        "organisation": {
            "vi": "Khu Kiểm soát Ô nhiễm Không khí quận San Diego",
            "id": "Distrik Pengendalian Pencemaran Udara County San Diego",
            "th": "เขตควบคุมมลพิษทางอากาศเคาน์ตีซานดิเอโก",
        },
        "bio": {
            "vi": "<p>Làm việc cùng Băng Cốc về kiểm kê phát thải trong chương trình kết nghĩa thành phố.</p>",
            "id": "<p>Bekerja sama dengan Bangkok dalam inventarisasi emisinya melalui program kemitraan kota.</p>",
            "th": "<p>ทำงานร่วมกับกรุงเทพฯ ในการจัดทำบัญชีการปล่อยมลพิษภายใต้โครงการเมืองคู่แฝด</p>",
        },
    },
    "m.nguyen@example.org": {
        "position": {
            "vi": "Chuyên viên dịch vụ môi trường",
            "id": "Spesialis layanan lingkungan",
            "th": "ผู้เชี่ยวชาญด้านบริการสิ่งแวดล้อม",
        },
        "organisation": {"vi": "Thành phố San José", "id": "Kota San José", "th": "เมืองซานโฮเซ"},
        "bio": {
            "vi": "<p>Hợp tác với Đài Trung về các biện pháp năng lượng sạch vì không khí trong lành hơn.</p>",
            "id": "<p>Bermitra dengan Taichung dalam langkah energi bersih untuk udara yang lebih baik.</p>",
            "th": "<p>ร่วมมือกับไถจงในมาตรการพลังงานสะอาดเพื่ออากาศที่ดีขึ้น</p>",
        },
    },
    "s.johnson@example.net": {
        "position": {
            "vi": "Quản lý chương trình quản lý không khí",
            "id": "Manajer program pengelolaan udara",
            "th": "ผู้จัดการโครงการบริหารจัดการอากาศ",
        },
        "organisation": {
            "vi": "Sở Y tế công cộng Philadelphia",
            "id": "Dinas Kesehatan Masyarakat Philadelphia",
            "th": "กรมสาธารณสุขฟิลาเดลเฟีย",
        },
        "bio": {
            "vi": "<p>Kết nghĩa với Cao Hùng về quan trắc không khí dựa vào cộng đồng.</p>",
            "id": "<p>Bermitra dengan Kaohsiung dalam pemantauan udara berbasis komunitas.</p>",
            "th": "<p>จับคู่กับเกาสงในการตรวจวัดคุณภาพอากาศโดยชุมชน</p>",
        },
    },
    "glenda.bautista@example.org": {
        "position": {
            "vi": "Phó giám đốc điều hành",
            "id": "Wakil direktur eksekutif",
            "th": "รองผู้อำนวยการบริหาร",
        },
        "bio": {
            "vi": "<p>Điều phối Chương trình Hợp tác giữa các Thành phố, kết nghĩa các thành phố vì không khí sạch.</p>",
            "id": "<p>Mengoordinasikan program Kerja Sama Antarkota yang memasangkan kota-kota untuk udara bersih.</p>",
            "th": "<p>ประสานงานโครงการความร่วมมือระหว่างเมืองซึ่งจับคู่เมืองต่าง ๆ เพื่ออากาศสะอาด</p>",
        },
    },
    "minji.park@example.net": {
        "position": {"vi": "Cán bộ chương trình", "id": "Petugas program", "th": "เจ้าหน้าที่โครงการ"},
        "organisation": {
            "vi": "Ban thư ký ICLEI Đông Á",
            "id": "Sekretariat ICLEI Asia Timur",
            "th": "สำนักเลขาธิการ ICLEI เอเชียตะวันออก",
        },
        "bio": {
            "vi": "<p>Tổ chức khóa đào tạo thường niên của ICLEI cùng Seoul cho chính quyền địa phương khắp châu Á.</p>",
            "id": "<p>Menyelenggarakan pelatihan tahunan ICLEI bersama Seoul untuk pemerintah daerah di seluruh Asia.</p>",
            "th": "<p>จัดการฝึกอบรมประจำปีของ ICLEI ร่วมกับโซลสำหรับรัฐบาลท้องถิ่นทั่วเอเชีย</p>",
        },
    },
    "ananya.c@example.org": {
        "position": {"vi": "Cán bộ phụ trách môi trường", "id": "Petugas urusan lingkungan"},
        "organisation": {
            "vi": "Vụ Môi trường và Phát triển, ESCAP Liên Hợp Quốc",
            "id": "Divisi Lingkungan dan Pembangunan UN ESCAP",
        },
        "bio": {
            "vi": "<p>Hỗ trợ các thành phố thí điểm kết nối dữ liệu nguồn thải với kế hoạch hành động không khí sạch tại địa phương.</p>",
            "id": "<p>Mendukung kota-kota percontohan menghubungkan data sumber dengan rencana aksi udara bersih setempat.</p>",
        },
    },
    "rizky.p@example.net": {
        "position": {
            "en": "Air quality consultant",
            "vi": "Chuyên gia tư vấn chất lượng không khí",
            "th": "ที่ปรึกษาด้านคุณภาพอากาศ",
        },
        "organisation": {
            "en": "Private environmental consultancy",
            "vi": "Công ty tư vấn môi trường tư nhân",
            "th": "บริษัทที่ปรึกษาด้านสิ่งแวดล้อมเอกชน",
        },
        "bio": {
            "en": "<p>Helps satay stalls and restaurants fit affordable smoke filters.</p>",
            "vi": "<p>Giúp các quán sa tế và nhà hàng lắp bộ lọc khói với chi phí hợp lý.</p>",
            "th": "<p>ช่วยร้านสะเต๊ะและร้านอาหารติดตั้งเครื่องกรองควันในราคาที่จ่ายได้</p>",
        },
    },
    "thu.vo@example.org": {
        "position": {
            "en": "Programme coordinator",
            "id": "Koordinator program",
            "th": "ผู้ประสานงานโครงการ",
        },
        "organisation": {
            "en": "Viet Nam Clean Air Network",
            "id": "Jaringan Udara Bersih Vietnam",
            "th": "เครือข่ายอากาศสะอาดเวียดนาม",
        },
        "bio": {
            "en": "<p>Runs awareness campaigns on fine particles and street-side grills in Ho Chi Minh City.</p>",
            "id": "<p>Menyelenggarakan kampanye penyadaran tentang partikel halus dan pemanggang kaki lima di Kota Ho Chi Minh.</p>",
            "th": "<p>จัดรณรงค์สร้างความตระหนักเรื่องฝุ่นละอองขนาดเล็กและเตาปิ้งย่างริมทางในนครโฮจิมินห์</p>",
        },
    },
    "wichai.p@example.net": {
        "position": {
            "en": "Head of environment section",
            "vi": "Trưởng bộ phận môi trường",
            "id": "Kepala seksi lingkungan",
        },
        "organisation": {
            "en": "Chiang Mai City Municipality",
            "vi": "Chính quyền thành phố Chiang Mai",
            "id": "Pemerintah Kota Chiang Mai",
        },
        "bio": {
            "en": "<p>Enforces the burning ban during the haze season together with local communities.</p>",
            "vi": "<p>Thực thi lệnh cấm đốt trong mùa khói mù cùng với cộng đồng địa phương.</p>",
            "id": "<p>Menegakkan larangan pembakaran selama musim kabut asap bersama masyarakat setempat.</p>",
        },
    },
}


def merged(email: str, field: str, own: dict[str, str]) -> dict[str, str]:
    """The expert's own texts for `field`, completed with the translations above."""
    return {**TRANSLATIONS.get(email, {}).get(field, {}), **own}
