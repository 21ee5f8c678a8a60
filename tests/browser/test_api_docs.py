"""/api/v1/docs in a real browser: Swagger UI from the portal's own files under its strict
Content-Security-Policy shows every operation and the typed answers, with no request to another
origin and no policy violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, expect

from tests.browser.conftest import Portal
from tests.browser.helpers import save_screenshot

pytestmark = pytest.mark.browser


def test_the_api_docs_work_offline_under_the_policy(page: Page, portal: Portal):
    problems: list[str] = []
    elsewhere: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if _is_problem(message) else None,
    )
    page.on(
        "request",
        lambda request: elsewhere.append(request.url) if not _is_ours(request, portal) else None,
    )

    page.goto("/api/v1/docs")

    for path in ("/api/v1/experts", "/api/v1/knowledge", "/api/v1/twinning/suggestions"):
        expect(page.locator(".opblock-summary-path", has_text=path).first).to_be_visible()
    # The models of the answers come from the same document: typed, not bare objects.
    expect(page.get_by_role("button", name="KnowledgeResult")).to_be_visible()
    save_screenshot(page, journey="api-docs", language="en")

    assert problems == [], problems
    assert elsewhere == [], elsewhere


def _is_problem(message: ConsoleMessage) -> bool:
    return message.type == "error" or "Content Security Policy" in message.text


def _is_ours(request: Request, portal: Portal) -> bool:
    return request.url.startswith((portal.base_url, "data:", "blob:"))
