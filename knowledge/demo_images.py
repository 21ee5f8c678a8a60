"""The demo's pictures, drawn at load time with Pillow: no photograph can be fetched here, so each
case study and forum report shows a map of its city (and the cities it works with) drawn from the
portal's own country outlines (knowledge/data/map_countries.json, Natural Earth via world-atlas),
and each training material without a city an illustration drawn for the portal: a skyline whose
sky clears from haze to blue, with an air-quality monitor (each training its own skyline).

The images carry no words (a picture of text would need its text repeated for screen readers);
what they show is said in the page's image description, in four languages.
"""

from __future__ import annotations

import hashlib
import io
import random
from collections.abc import Sequence
from typing import Any

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.images import get_image_model

from knowledge.maps import _frame, _intersects, countries, path_rings, project

WIDTH, HEIGHT = 1200, 675  # 16:9, the card's shape, so the crop keeps the whole map
SUPERSAMPLE = 2
MIN_SPAN = 55.0  # degrees of longitude at least
SEA = (223, 236, 242)
LAND = (246, 243, 235)
BORDER = (176, 170, 156)
LINE = (31, 94, 122)
HOME = (190, 60, 30)
PARTNER = (31, 94, 122)


ALT_TEXT = {
    "alone": {
        "en": "Map of the region around {city}, with {city} marked",
        "vi": "Bản đồ khu vực quanh {city}, có đánh dấu vị trí {city}",
        "id": "Peta wilayah di sekitar {city}, dengan {city} ditandai",
        "th": "แผนที่ภูมิภาครอบ{city} โดยทำเครื่องหมายที่ตั้งของ{city}",
    },
    "partners": {
        "en": "Map with {city} and {partners} marked, joined by lines",
        "vi": "Bản đồ đánh dấu {city} và {partners}, nối với nhau bằng các đường thẳng",
        "id": "Peta yang menandai {city} dan {partners}, dihubungkan dengan garis",
        "th": "แผนที่ทำเครื่องหมาย{city}และ{partners} เชื่อมกันด้วยเส้น",
    },
}
AND = {"en": " and ", "vi": " và ", "id": " dan ", "th": "และ"}


def _sixteen_by_nine(frame: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = frame
    if x1 - x0 < MIN_SPAN:  # one city alone: show enough of its region to say where it is
        grow = (MIN_SPAN - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    width, height = x1 - x0, y1 - y0
    if height * WIDTH > width * HEIGHT:
        grow = (height * WIDTH / HEIGHT - width) / 2
        return x0 - grow, y0, x1 + grow, y1
    grow = (width * HEIGHT / WIDTH - height) / 2
    return x0, y0 - grow, x1, y1 + grow


def map_picture(*, home: tuple[float, float], partners: Sequence[tuple[float, float]] = ()) -> bytes:
    """A PNG map (latitude, longitude pairs): the home city in red, partners in blue, lines between."""
    points = [project(latitude=lat, longitude=lon) for lat, lon in (home, *partners)]
    x0, y0, x1, y1 = _sixteen_by_nine(_frame(points))
    size = (WIDTH * SUPERSAMPLE, HEIGHT * SUPERSAMPLE)
    scale = size[0] / (x1 - x0)

    def pixel(x: float, y: float) -> tuple[float, float]:
        return (x - x0) * scale, (y - y0) * scale

    picture = Image.new("RGB", size, SEA)
    draw = ImageDraw.Draw(picture)
    for country in countries():
        if not _intersects(country["bbox"], (x0, y0, x1, y1)):
            continue
        for ring in path_rings(country["d"]):
            if len(ring) >= 3:
                draw.polygon([pixel(x, y) for x, y in ring], fill=LAND, outline=BORDER, width=SUPERSAMPLE * 2)
    home_xy = pixel(*points[0])
    for point in points[1:]:
        draw.line([home_xy, pixel(*point)], fill=LINE, width=SUPERSAMPLE * 4)
    for index, point in enumerate(points):
        x, y = pixel(*point)
        radius = SUPERSAMPLE * (16 if index == 0 else 11)
        ring = SUPERSAMPLE * 4
        draw.ellipse(
            [x - radius - ring, y - radius - ring, x + radius + ring, y + radius + ring], fill="white"
        )
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=HOME if index == 0 else PARTNER)
    picture = picture.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS).quantize(colors=64)
    output = io.BytesIO()
    picture.save(output, format="PNG", optimize=True)
    return output.getvalue()


def alt_texts(*, city: Any, partners: Sequence[Any]) -> dict[str, str]:
    """What the map shows, per language, from the cities' translated names."""
    texts = {}
    for language in ALT_TEXT["alone"]:
        field = "name_ind" if language == "id" else f"name_{language}"
        name = getattr(city, field, "") or city.name_en
        names = [getattr(other, field, "") or other.name_en for other in partners]
        if not names:
            texts[language] = ALT_TEXT["alone"][language].format(city=name)
            continue
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + AND[language] + names[-1]
        texts[language] = ALT_TEXT["partners"][language].format(city=name, partners=joined)
    return texts


def demo_map_image(*, title: str, filename: str, city: Any, partners: Sequence[Any]) -> Any:
    """The Wagtail image of ``city``'s map (created once, redrawn when the drawing changed)."""
    content = map_picture(
        home=(city.latitude, city.longitude),
        partners=[(other.latitude, other.longitude) for other in partners],
    )
    return _stored_image(
        title=title,
        filename=filename,
        content=content,
        description=alt_texts(city=city, partners=partners)["en"],
    )


ILLUSTRATION_ALT = {
    "en": "Illustration drawn for the portal: a city skyline under a sky that clears from grey haze to blue, "
    "with an air-quality monitoring station in front",
    "vi": "Hình minh họa vẽ cho cổng thông tin: đường chân trời thành phố dưới bầu trời chuyển từ khói mù xám "
    "sang xanh trong, phía trước là một trạm quan trắc chất lượng không khí",
    "id": "Ilustrasi yang digambar untuk portal: cakrawala kota di bawah langit yang berubah dari kabut abu-abu "
    "menjadi biru cerah, dengan stasiun pemantau kualitas udara di depannya",
    "th": "ภาพประกอบที่วาดขึ้นสำหรับเว็บไซต์: เส้นขอบฟ้าของเมืองใต้ท้องฟ้าที่เปลี่ยนจากหมอกควันสีเทาเป็นสีฟ้าใส "
    "โดยมีสถานีตรวจวัดคุณภาพอากาศอยู่ด้านหน้า",
}
HAZE, CLEAR = (170, 168, 160), (120, 178, 214)
BUILDING = ((60, 78, 92), (78, 98, 112), (45, 62, 76))
STATION = (240, 240, 236)


def illustration_picture(*, seed: str) -> bytes:
    """A PNG skyline (its buildings drawn from ``seed``) under a sky clearing from haze to blue."""
    rng = random.Random(seed)  # noqa: S311 - a drawing, not a secret: the same seed draws the same skyline
    width, height = WIDTH * SUPERSAMPLE, HEIGHT * SUPERSAMPLE
    picture = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for x in range(width):  # the sky clears from left to right
        share = x / (width - 1)
        colour = tuple(round(h + (c - h) * share) for h, c in zip(HAZE, CLEAR, strict=True))
        draw.line([(x, 0), (x, height)], fill=colour)
    sun = (width * 0.8, height * 0.22)
    draw.ellipse([sun[0] - 70, sun[1] - 70, sun[0] + 70, sun[1] + 70], fill=(250, 226, 150))
    ground = height * 0.84
    for layer, colour in enumerate(BUILDING):
        x = -rng.randint(0, 80)
        while x < width:
            span = rng.randint(70, 170) * SUPERSAMPLE // 2
            top = ground - rng.randint(140, 520 - layer * 110) * SUPERSAMPLE // 2
            draw.rectangle([x, top, x + span, ground], fill=colour)
            if rng.random() < 0.4:  # a mast or a stepped roof
                draw.rectangle([x + span * 0.35, top - 40, x + span * 0.65, top], fill=colour)
            x += span + rng.randint(0, 30)
    draw.rectangle([0, ground, width, height], fill=(92, 128, 92))
    base_x = width * rng.uniform(0.25, 0.45)
    draw.rectangle([base_x - 6, ground - 300, base_x + 6, ground], fill=STATION)
    draw.rounded_rectangle([base_x - 70, ground - 420, base_x + 70, ground - 300], radius=18, fill=STATION)
    for step in range(3):  # the monitor's signal
        radius = 60 + step * 45
        draw.arc(
            [base_x - radius, ground - 480 - radius, base_x + radius, ground - 480 + radius],
            start=220,
            end=320,
            fill=STATION,
            width=10,
        )
    picture = picture.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS).quantize(colors=64)
    output = io.BytesIO()
    picture.save(output, format="PNG", optimize=True)
    return output.getvalue()


def demo_illustration_image(*, title: str, filename: str, seed: str) -> Any:
    """The Wagtail image of the illustration drawn from ``seed`` (created once, redrawn when changed)."""
    return _stored_image(
        title=title,
        filename=filename,
        content=illustration_picture(seed=seed),
        description=ILLUSTRATION_ALT["en"],
    )


def _stored_image(*, title: str, filename: str, content: bytes, description: str) -> Any:
    digest = hashlib.sha1(content, usedforsecurity=False).hexdigest()
    Image_ = get_image_model()
    image = Image_.objects.filter(title=title).first()
    if image is not None and image.file_hash == digest:
        return image
    if image is None:
        image = Image_(title=title)
    else:
        image.file.delete(save=False)
    image.file = ImageFile(io.BytesIO(content), name=filename)
    image.file_hash = digest
    image.file_size = len(content)
    image.description = description
    image.save()
    return image
