"""The scheduler (issue 19, finding 10): scheduled publishing fires without host cron, and one
failing job neither stops the others nor the scheduler."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Revision

from knowledge.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from portal.management.commands import scheduler

pytestmark = pytest.mark.django_db


def test_a_page_scheduled_to_go_live_is_published_by_the_scheduler(site, home_page, indexed):
    index = CaseStudyIndexPageFactory(parent=home_page)
    page = CaseStudyPageFactory(
        parent=index, title="Scheduled inventory", slug="scheduled-inventory", live=False
    )
    page.go_live_at = timezone.now() + timedelta(hours=1)
    page.save_revision().publish()  # approved, waiting for its time
    page.refresh_from_db()
    assert not page.live
    # Its time comes (the revision carries the page's go-live time too, which publishing reads).
    past = timezone.now() - timedelta(minutes=1)
    revision = Revision.objects.get(object_id=str(page.pk), approved_go_live_at__isnull=False)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])

    call_command("scheduler", "--once")

    page.refresh_from_db()
    assert page.live
    assert Client().get("/en/case-studies/scheduled-inventory/").status_code == 200


def test_a_failing_job_is_reported_and_the_others_still_run(monkeypatch, capsys, caplog):
    ran = []
    monkeypatch.setattr(
        scheduler,
        "JOBS",
        (
            scheduler.Job("broken", ("search_index", "no-such-action"), 60),
            scheduler.Job("reminders", ("send_event_reminders",), 60),
        ),
    )
    real_run = scheduler.run_job
    monkeypatch.setattr(scheduler, "run_job", lambda job: ran.append(job.name) or real_run(job))

    with pytest.raises(SystemExit) as exit_:
        call_command("scheduler", "--once")

    assert exit_.value.code == 1
    assert ran == ["broken", "reminders"]
    assert capsys.readouterr().err.strip().splitlines() == ["broken: failed (see the log)"]
    assert "scheduler: reminders done" in caplog.text


def test_the_health_check_fails_when_the_scheduler_stopped_looping(monkeypatch, tmp_path):
    alive = tmp_path / "alive"
    monkeypatch.setattr(scheduler, "ALIVE_FILE", alive)
    with pytest.raises(SystemExit):
        call_command("scheduler", "--check")  # never ran

    alive.touch()
    call_command("scheduler", "--check")  # looped just now

    old = alive.stat().st_mtime - 181
    os.utime(alive, (old, old))
    with pytest.raises(SystemExit):
        call_command("scheduler", "--check")
