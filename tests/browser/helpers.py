"""What the browser tests share: the mailbox of the served portal, signing in, axe-core, artefacts."""

from __future__ import annotations

import email
import email.policy
import re
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from django.utils import translation
from playwright.sync_api import Page

PROJECT_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts"
AXE_SCRIPT = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = ("en", "vi", "id", "th")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Django's file e-mail backend writes each message followed by a line of 79 dashes.
MESSAGE_SEPARATOR = re.compile(rb"\n-{79}\n")
LINK = re.compile(r"https?://\S+")

DEMO_MEMBER = ("member@example.org", "clean-air-member-demo")
DEMO_EXPERT = ("expert@example.org", "clean-air-expert-demo")
LOCAL_ADMIN = ("admin@example.org", "clean-air-local")


@dataclass(frozen=True)
class Mail:
    to: list[str]
    subject: str
    body: str

    def links(self) -> list[str]:
        return LINK.findall(self.body)


class Mailbox:
    """The e-mails the served portal kept as files (portal.mail.ConsoleAndFileEmailBackend)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def messages(self) -> list[Mail]:
        if not self.directory.exists():
            return []
        found = []
        for path in sorted(self.directory.glob("*.log"), key=lambda item: item.stat().st_mtime_ns):
            for raw in MESSAGE_SEPARATOR.split(path.read_bytes()):
                if not raw.strip():
                    continue
                message: EmailMessage = email.message_from_bytes(raw, policy=email.policy.default)
                body = message.get_body(preferencelist=("plain",))
                found.append(
                    Mail(
                        to=[address.strip() for address in str(message["To"]).split(",")],
                        subject=str(message["Subject"]),
                        body=body.get_content() if body is not None else "",
                    )
                )
        return found

    def count(self) -> int:
        return len(self.messages())

    def wait_for(self, *, to: str, after: int, timeout: float = 20) -> Mail:
        """The first message to `to` among those sent after the first `after` ones (sent by the worker)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages()[after:]:
                if to in message.to:
                    return message
            time.sleep(0.25)
        raise AssertionError(f"no e-mail to {to} within {timeout}s")

    def wait_for_link(self, *, to: str, after: int, containing: str) -> str:
        message = self.wait_for(to=to, after=after)
        for link in message.links():
            if containing in link:
                return link
        raise AssertionError(f"the e-mail to {to} has no link with {containing!r}:\n{message.body}")


def sign_in(
    page: Page, *, mailbox: Mailbox, language: str, account: tuple[str, str], next_path: str = ""
) -> None:
    """Password, then the e-mailed one-time link opened in the same browser, then "Sign me in"."""
    address, password = account
    before = mailbox.count()
    page.goto(f"/{language}/accounts/sign-in/" + (f"?next={next_path}" if next_path else ""))
    page.locator("input[name=email]").fill(address)
    page.locator("input[name=password]").fill(password)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"**/{language}/accounts/sign-in/sent/")
    link = mailbox.wait_for_link(to=address, after=before, containing="/accounts/sign-in/link/")
    page.goto(link)
    page.wait_for_url("**/accounts/sign-in/link/")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/sign-in/" not in page.url, f"sign-in did not complete: {page.url}"


def translated(text: str, language: str) -> str:
    """The portal's own catalogue translation of an interface string, as a reader of `language` sees it."""
    with translation.override(language):
        return translation.gettext(text)


def save_screenshot(page: Page, *, journey: str, language: str) -> Path:
    path = ARTIFACTS_DIR / f"{journey}-{language}.png"
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """WCAG 2.1 A and AA violations axe-core finds on the page as it stands."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
            }));
        }""",
        WCAG_TAGS,
    )


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['target']}: {node['summary']}" for node in violation["nodes"])
    return "\n".join(lines)


def horizontal_overflow(page: Page) -> list[str]:
    """Empty when the page fits its viewport's width; else the elements that stick out (to name them)."""
    return page.evaluate(
        """() => {
            const root = document.documentElement;
            if (root.scrollWidth <= root.clientWidth) return [];
            const width = root.clientWidth;
            const culprits = [];
            for (const element of document.body.querySelectorAll('*')) {
                const box = element.getBoundingClientRect();
                if (box.right > width + 1 && box.width > 0) {
                    const name = element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
                        + (element.className && typeof element.className === 'string'
                           ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
                    culprits.push(`${name} (right edge ${Math.round(box.right)}px)`);
                }
            }
            return culprits.length ? culprits.slice(0, 8) : [`document ${root.scrollWidth}px`];
        }"""
    )
