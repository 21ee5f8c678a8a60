#!/usr/bin/env python3
"""`make audit`: pip-audit of the locked dependencies, failing on any known vulnerability that is
not an accepted, unexpired exception in .ci/audit-exceptions.toml.

pip-audit says "No known vulnerabilities found" even when it could not reach the vulnerability
service and skipped every package, so this script reads its JSON report instead of trusting its
exit code: packages that could not be checked are reported loudly as NOT AUDITED, and fail the
build when PIP_AUDIT_STRICT=1 (set it in CI that has network access).

Exit status: 0 clean (or not audited, without strict), 1 a finding or an invalid/expired exception.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parents[1]
EXCEPTIONS_FILE = PROJECT_DIR / ".ci" / "audit-exceptions.toml"
DEFAULT_LOCK_FILES = ("requirements.lock", "requirements-dev.lock")
REQUIRED_KEYS = ("id", "package", "reason", "expires")


@dataclass
class Verdict:
    failed: bool = False
    not_audited: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def fail(self, line: str) -> None:
        self.failed = True
        self.lines.append(f"FAIL: {line}")


def load_exceptions(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open("rb") as handle:
        return list(tomllib.load(handle).get("exception", []))


def evaluate(
    *, report: dict[str, Any] | None, exceptions: list[dict[str, Any]], today: datetime.date, strict: bool
) -> Verdict:
    """Decide on one pip-audit JSON report (None: pip-audit gave no report at all)."""
    verdict = Verdict()
    accepted: dict[str, dict[str, Any]] = {}
    for number, entry in enumerate(exceptions, start=1):
        missing = [key for key in REQUIRED_KEYS if not entry.get(key)]
        if missing:
            verdict.fail(f"exception #{number} in {EXCEPTIONS_FILE.name} lacks {', '.join(missing)}")
            continue
        expires = entry["expires"]
        if not isinstance(expires, datetime.date):
            verdict.fail(f"exception {entry['id']}: expires must be a date (YYYY-MM-DD), not {expires!r}")
            continue
        if expires < today:
            verdict.fail(
                f"exception {entry['id']} ({entry['package']}) expired on {expires.isoformat()}: "
                "upgrade, or review the reason and set a new date"
            )
            continue
        accepted[str(entry["id"]).upper()] = entry

    if report is None:
        verdict.not_audited.append("pip-audit produced no report")
        dependencies: list[dict[str, Any]] = []
    else:
        dependencies = report.get("dependencies", [])
    used: set[str] = set()
    for dependency in dependencies:
        name = dependency.get("name", "?")
        if "skip_reason" in dependency:
            verdict.not_audited.append(f"{name}: {dependency['skip_reason']}")
            continue
        for vulnerability in dependency.get("vulns", []):
            ids = [vulnerability.get("id", "?"), *vulnerability.get("aliases", [])]
            match = next((i for i in ids if str(i).upper() in accepted), None)
            label = f"{name} {dependency.get('version', '?')}: {' / '.join(ids)}"
            if match is not None:
                used.add(str(match).upper())
                entry = accepted[str(match).upper()]
                verdict.lines.append(
                    f"accepted until {entry['expires'].isoformat()}: {label} ({entry['reason']})"
                )
                continue
            fixes = ", ".join(vulnerability.get("fix_versions", [])) or "none yet"
            verdict.fail(f"{label} (fixed in: {fixes}) {vulnerability.get('description', '')[:200]}")
    for key in sorted(set(accepted) - used):
        if report is not None and not verdict.not_audited:
            verdict.lines.append(f"note: exception {key} is no longer needed; remove it")
    if verdict.not_audited:
        total = len(dependencies)
        verdict.lines.append(
            f"NOT AUDITED: {len(verdict.not_audited)} of {total} locked packages could not be checked "
            "against the vulnerability service (offline or unreachable?)"
        )
        verdict.lines.extend(f"  {line}" for line in verdict.not_audited[:5])
        if strict:
            verdict.fail("PIP_AUDIT_STRICT=1: an unaudited dependency set fails the build")
    return verdict


def run_pip_audit(lock_files: list[str]) -> dict[str, Any] | None:
    with tempfile.TemporaryDirectory() as directory:
        output = Path(directory) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "--require-hashes", "--disable-pip", "--format", "json"]
        command += ["--progress-spinner", "off", "--output", str(output)]
        for lock_file in lock_files:
            command += ["--requirement", lock_file]
        # pip-audit exits 1 when it finds something; the report says what, so it decides.
        result = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, check=False)  # noqa: S603
        try:
            return json.loads(output.read_text())
        except (OSError, ValueError):
            sys.stderr.write(result.stderr[-2000:])
            return None


def main(argv: list[str]) -> int:
    lock_files = argv or list(DEFAULT_LOCK_FILES)
    verdict = evaluate(
        report=run_pip_audit(lock_files),
        exceptions=load_exceptions(EXCEPTIONS_FILE),
        today=datetime.date.today(),
        strict=os.environ.get("PIP_AUDIT_STRICT") == "1",
    )
    for line in verdict.lines:
        print(line, file=sys.stderr if line.startswith(("FAIL", "NOT AUDITED", "  ")) else sys.stdout)
    if verdict.not_audited and not verdict.failed:
        print(
            "\n*** WARNING: dependencies NOT AUDITED. Run `make audit` where the vulnerability "
            "service is reachable; PIP_AUDIT_STRICT=1 makes this an error. ***\n",
            file=sys.stderr,
        )
    elif not verdict.failed:
        print(f"pip-audit: no known vulnerabilities in {', '.join(lock_files)}")
    return 1 if verdict.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
