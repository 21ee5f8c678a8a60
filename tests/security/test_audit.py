"""`make audit` (.ci/audit.py): a known vulnerability fails the build unless it is an accepted,
unexpired exception; a dependency set that could not be checked says NOT AUDITED, loudly."""

from __future__ import annotations

import datetime
import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "audit.py"
TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("ci_audit", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["ci_audit"] = module
    spec.loader.exec_module(module)
    return module


def report(*dependencies: dict) -> dict:
    return {"dependencies": list(dependencies), "fixes": []}


VULNERABLE = {
    "name": "django",
    "version": "5.2.0",
    "vulns": [
        {
            "id": "PYSEC-2099-1",
            "aliases": ["CVE-2099-0001", "GHSA-aaaa-bbbb-cccc"],
            "fix_versions": ["5.2.99"],
            "description": "SQL injection in a lookup",
        }
    ],
}
CLEAN = {"name": "bleach", "version": "6.4.0", "vulns": []}
SKIPPED = {"name": "wagtail", "skip_reason": "Dependency not found on PyPI and could not be audited"}


def exception(**changes) -> dict:
    entry = {
        "id": "GHSA-aaaa-bbbb-cccc",
        "package": "django",
        "reason": "Only the admin lookup is affected and it is not exposed.",
        "expires": datetime.date(2026, 12, 31),
    }
    entry.update(changes)
    return entry


def test_a_clean_report_passes(audit):
    verdict = audit.evaluate(report=report(CLEAN), exceptions=[], today=TODAY, strict=True)

    assert not verdict.failed and not verdict.not_audited


def test_a_known_vulnerability_fails_the_build(audit):
    verdict = audit.evaluate(report=report(CLEAN, VULNERABLE), exceptions=[], today=TODAY, strict=False)

    assert verdict.failed
    assert any("PYSEC-2099-1" in line and "5.2.99" in line for line in verdict.lines)


def test_an_accepted_exception_matches_any_alias_until_it_expires(audit):
    accepted = audit.evaluate(report=report(VULNERABLE), exceptions=[exception()], today=TODAY, strict=True)
    expired = audit.evaluate(
        report=report(VULNERABLE), exceptions=[exception()], today=datetime.date(2027, 1, 1), strict=False
    )

    assert not accepted.failed
    assert any(line.startswith("accepted until 2026-12-31") for line in accepted.lines)
    assert expired.failed
    assert any("expired on 2026-12-31" in line for line in expired.lines)


def test_an_expired_exception_fails_even_when_the_vulnerability_is_gone(audit):
    verdict = audit.evaluate(
        report=report(CLEAN),
        exceptions=[exception(expires=datetime.date(2026, 1, 1))],
        today=TODAY,
        strict=False,
    )

    assert verdict.failed


@pytest.mark.parametrize("missing", ["id", "package", "reason", "expires"])
def test_an_exception_without_id_package_reason_or_date_is_refused(audit, missing):
    verdict = audit.evaluate(
        report=report(VULNERABLE), exceptions=[exception(**{missing: ""})], today=TODAY, strict=False
    )

    assert verdict.failed


def test_an_exception_date_must_be_a_date(audit):
    verdict = audit.evaluate(
        report=report(CLEAN), exceptions=[exception(expires="next year")], today=TODAY, strict=False
    )

    assert verdict.failed


def test_an_unreachable_service_is_not_audited_and_fails_only_when_strict(audit):
    relaxed = audit.evaluate(report=report(CLEAN, SKIPPED), exceptions=[], today=TODAY, strict=False)
    strict = audit.evaluate(report=report(CLEAN, SKIPPED), exceptions=[], today=TODAY, strict=True)
    nothing = audit.evaluate(report=None, exceptions=[], today=TODAY, strict=True)

    assert not relaxed.failed
    assert any(line.startswith("NOT AUDITED: 1 of 2") for line in relaxed.lines)
    assert strict.failed
    assert nothing.failed and nothing.not_audited


def test_a_finding_still_fails_when_other_packages_were_skipped(audit):
    verdict = audit.evaluate(report=report(VULNERABLE, SKIPPED), exceptions=[], today=TODAY, strict=False)

    assert verdict.failed
    assert verdict.not_audited


def test_the_committed_exceptions_file_is_valid_and_current(audit):
    entries = audit.load_exceptions(audit.EXCEPTIONS_FILE)

    verdict = audit.evaluate(
        report=report(CLEAN), exceptions=entries, today=datetime.date.today(), strict=False
    )

    assert not verdict.failed, verdict.lines
