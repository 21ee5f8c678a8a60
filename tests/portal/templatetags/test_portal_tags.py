"""The template filters readers' dates and numbers go through."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template(
    "{% load portal_tags %}{{ day|local_date }} | {{ start|local_datetime:zone }} | "
    "{{ start|local_time:zone }} | {{ start|zone_label:zone }} | {{ value|local_number }}"
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "12 tháng 3, 2025 | 09:00, 12 tháng 3, 2025 | 09:00 | Asia/Bangkok, UTC+07:00 | 12.345,67"),
        ("id", "12 Maret 2025 | 12 Maret 2025, 09.00 | 09.00 | Asia/Bangkok, UTC+07:00 | 12.345,67"),
        (
            "th",
            "12 มีนาคม 2568 (2025) | 12 มีนาคม 2568 (2025), 09:00 | 09:00 | Asia/Bangkok, UTC+07:00 | 12,345.67",
        ),
    ],
)
def test_filters_render_in_the_active_language(language, expected):
    context = Context(
        {
            "day": date(2025, 3, 12),
            "start": datetime(2025, 3, 12, 2, 0, tzinfo=UTC),
            "zone": "Asia/Bangkok",
            "value": 12345.671,
        }
    )
    with translation.override(language):
        assert TEMPLATE.render(context) == expected
