"""Error tracking (issue 19, finding 10): Sentry starts only with SENTRY_DSN set and sentry-sdk
installed; without the package the portal starts and says so; what is sent carries no tokens,
cookies or headers."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import types

import pytest

from portal.error_tracking import init_error_tracking, scrub_event


@pytest.fixture
def fake_sentry(monkeypatch) -> dict:
    """A stand-in for sentry-sdk (not in the locked dependencies) that records its init()."""
    calls: dict = {}
    sdk = types.ModuleType("sentry_sdk")
    sdk.init = lambda **kwargs: calls.update(kwargs)
    integrations = types.ModuleType("sentry_sdk.integrations")
    django_module = types.ModuleType("sentry_sdk.integrations.django")
    django_module.DjangoIntegration = lambda: "django-integration"
    monkeypatch.setitem(sys.modules, "sentry_sdk", sdk)
    monkeypatch.setitem(sys.modules, "sentry_sdk.integrations", integrations)
    monkeypatch.setitem(sys.modules, "sentry_sdk.integrations.django", django_module)
    return calls


def test_without_a_dsn_nothing_starts(fake_sentry):
    assert init_error_tracking(dsn="") is False
    assert fake_sentry == {}


def test_with_a_dsn_sentry_starts_without_personal_data(fake_sentry):
    assert init_error_tracking(dsn="https://key@sentry.example.org/1", environment="staging") is True

    assert fake_sentry["dsn"] == "https://key@sentry.example.org/1"
    assert fake_sentry["environment"] == "staging"
    assert fake_sentry["send_default_pii"] is False
    assert fake_sentry["integrations"] == ["django-integration"]
    assert fake_sentry["before_send"] is scrub_event


def test_a_dsn_without_the_package_starts_the_portal_and_says_so(caplog):
    if importlib.util.find_spec("sentry_sdk") is not None:
        pytest.skip("sentry-sdk is installed here")
    assert init_error_tracking(dsn="https://key@sentry.example.org/1") is False
    assert "sentry-sdk is not installed" in caplog.text


def test_production_settings_load_with_a_dsn_and_no_package():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "portal.example.org",
        "SENTRY_DSN": "https://key@sentry.example.org/1",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('ok')"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")


def test_what_is_sent_has_no_tokens_cookies_or_headers():
    event = {
        "request": {
            "url": "https://portal.example.org/en/accounts/sign-in/link/?token=abc123secret",
            "query_string": "token=abc123secret",
            "cookies": {"sessionid": "s"},
            "headers": {"Cookie": "sessionid=s"},
        },
        "exception": {"values": [{"value": "password=hunter2 refused"}]},
    }

    sent = scrub_event(event)

    text = str(sent)
    assert "abc123secret" not in text and "hunter2" not in text
    assert "cookies" not in sent["request"] and "headers" not in sent["request"]
