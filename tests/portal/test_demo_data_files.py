"""`manage.py load_demo` refuses a broken data file as a whole: nothing is loaded and each problem
is named with its file and item (on an empty database, away from test_demo.py's loaded demo)."""

from io import StringIO

import pytest
from django.core.management import call_command

from experts.models import Expert

pytestmark = pytest.mark.django_db


def test_a_broken_data_file_loads_nothing_and_names_each_problem(site, tmp_path, monkeypatch):
    from django.core.management.base import CommandError

    from experts.demo import EXPERTS

    broken = tmp_path / "experts.json"
    broken.write_text('{"about": "", "items": [{"email": "nobody"}]}', encoding="utf-8")
    monkeypatch.setattr(EXPERTS, "path", broken)
    monkeypatch.setattr(EXPERTS, "_items", None)

    with pytest.raises(CommandError) as raised:
        call_command("load_demo", stdout=StringIO())

    lines = str(raised.value).splitlines()[1:]
    assert f"{broken}: item 1: email: 'nobody' is not an e-mail address" in lines
    assert f"{broken}: item 1: name: missing" in lines
    assert not Expert.objects.exists()
