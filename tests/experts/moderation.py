"""How tests reach an expert's profile draft in Wagtail's moderation workflow, as an editor does."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import Client
from wagtail.models import TaskState, WorkflowState

from experts.models import Expert


def review_task(expert: Expert) -> TaskState | None:
    """The editors' task in progress on this profile's draft, if one is waiting."""
    return (
        TaskState.objects.for_instance(expert)
        .filter(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("revision")
        .first()
    )


def review_state(expert: Expert) -> WorkflowState | None:
    """The profile's latest moderation (in progress, sent back, approved or ended)."""
    return WorkflowState.objects.for_instance(expert).order_by("-created_at", "-pk").first()


def draft_of(expert: Expert) -> Expert:
    """The version waiting for review, as Wagtail rebuilds it from its revision."""
    task = review_task(expert)
    assert task is not None, "no draft waiting for review"
    return task.revision.as_object()


def action_url(expert: Expert, action: str, task: TaskState | None = None) -> str:
    task = task or review_task(expert)
    assert task is not None, "no draft waiting for review"
    return f"/admin/snippets/experts/expert/workflow/action/{expert.pk}/{action}/{task.pk}/"


def decide(client: Client, expert: Expert, action: str, comment: str | None = None) -> HttpResponse:
    """Press a workflow button on the profile's admin page: approve, reject (request changes) or
    decline (reject)."""
    data = {} if comment is None else {"comment": comment}
    return client.post(action_url(expert, action), data)


def compare_url(expert: Expert) -> str:
    """Wagtail's comparison of the live profile with the draft waiting for review."""
    task = review_task(expert)
    assert task is not None, "no draft waiting for review"
    return f"/admin/snippets/experts/expert/history/{expert.pk}/revisions/compare/live...{task.revision_id}/"


def comparison(client: Client, url: str) -> dict[str, str]:
    """``{field label: the comparison's text}`` from one of Wagtail's revision comparison pages."""
    import re

    response = client.get(url)
    assert response.status_code == 200
    rows = re.findall(
        r'<div class="title-wrapper">(.*?):</div>\s*</td>\s*<td class="comparison[^"]*">(.*?)</td>',
        response.content.decode(),
        re.S,
    )
    return {label.strip(): re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip() for label, body in rows}
