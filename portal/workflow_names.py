"""Workflow and task names read in each editor's admin language.

The portal's moderation workflows ("Expert profile moderation", "Review and publish") and their
tasks are rows that data migrations create, so their names are stored data, written once in
English. Wagtail shows those names in a score of places (the status side panel and its dialog,
the action menu's "Submit to …" and "Resubmit to …", lock messages, the workflow history, the
dashboard panels, the reports, the notification e-mails it renders in each recipient's language,
and the history's log messages), most of them reading ``workflow.name`` or ``task.name``
straight from the instance.

So the name itself is translated where it is read: the apps register the names their migrations
create as gettext message ids (``register_names``), and ``install()`` puts a descriptor on
``Workflow.name`` and ``Task.name`` that reads a registered name through gettext in the active
language, whatever asks for it; names editors make up are shown as written. What is stored stays
the English message id: a translation written back (an editor saving the workflow's form in
Thai, a log entry recorded with the Thai name) is mapped back to it, and log messages written
before or in another language are shown in the reader's (``TranslatedLogFormatter``).

This module imports no app: the apps hand their names in from their AppConfig.ready.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from django.conf import settings
from django.utils.translation import gettext, override

_registered: set[str] = set()

# Wagtail's log actions whose messages quote a workflow's or a task's name (wagtail_hooks.py).
WORKFLOW_LOG_ACTIONS = (
    "wagtail.workflow.start",
    "wagtail.workflow.approve",
    "wagtail.workflow.reject",
    "wagtail.workflow.resume",
    "wagtail.workflow.cancel",
)


def register_names(*names: str) -> None:
    """Have these English workflow or task names (marked with gettext_noop where they are
    declared, so makemessages collects them) read in the editor's language."""
    _registered.update(names)
    _message_ids.cache_clear()


def registered_names() -> frozenset[str]:
    return frozenset(_registered)


@functools.lru_cache(maxsize=1)
def _message_ids() -> dict[str, str]:
    """Every spelling of every registered name (English and each portal language's translation)
    → its English message id. Worked out once per process: the catalogues do not change."""
    spellings: dict[str, str] = {}
    for name in sorted(_registered):
        spellings.setdefault(name, name)
        for code, _label in settings.LANGUAGES:
            with override(code):
                spellings.setdefault(gettext(name), name)
    return spellings


def stored_name(value: str) -> str:
    """What to store for a name read or typed in any portal language: the English message id of a
    registered name, anything else as it is."""
    return _message_ids().get(value, value)


def display_name(value: str) -> str:
    """A stored name (or one recorded in any portal language) in the active language."""
    message_id = _message_ids().get(value)
    return gettext(message_id) if message_id is not None else value


class TranslatedName:
    """Takes the place of Django's attribute for a ``name`` column: reads translate a registered
    name into the active language, writes store its English message id."""

    def __init__(self, original: Any) -> None:
        self.original = original  # Django's DeferredAttribute: loads a deferred column on first read
        self.attname = original.field.attname

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self.original
        value = self.original.__get__(instance, owner)
        return display_name(value) if isinstance(value, str) else value

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.attname] = stored_name(value) if isinstance(value, str) else value


class TranslatedLogFormatter:
    """One of Wagtail's workflow log formatters, given the names in the entry's data in the
    reader's language: entries record the name as it read to the editor who acted."""

    def __init__(self, formatter: Any) -> None:
        self.formatter = formatter
        self.label = formatter.label

    def format_message(self, log_entry: Any) -> Any:
        return self.formatter.format_message(_with_names_translated(log_entry))

    def format_comment(self, log_entry: Any) -> Any:
        return self.formatter.format_comment(log_entry)


def _with_names_translated(log_entry: Any) -> Any:
    data = log_entry.data
    workflow = data.get("workflow") if isinstance(data, dict) else None
    if not isinstance(workflow, dict):
        return log_entry
    workflow = copy.deepcopy(workflow)
    for part in (workflow, workflow.get("task"), workflow.get("next")):
        if isinstance(part, dict) and isinstance(part.get("title"), str):
            part["title"] = display_name(part["title"])
    shown = copy.copy(log_entry)
    shown.data = {**data, "workflow": workflow}
    return shown


def translate_log_actions(actions: Any) -> None:
    """For the register_log_actions hook, run after Wagtail's own: wrap its workflow formatters."""
    for action in WORKFLOW_LOG_ACTIONS:
        formatter = actions.formatters.get(action)
        if formatter is not None and not isinstance(formatter, TranslatedLogFormatter):
            actions.formatters[action] = TranslatedLogFormatter(formatter)


def install() -> None:
    """Put the translating descriptor on Workflow.name and Task.name (Task's subclasses share the
    column through multi-table inheritance), and have saves store the message id."""
    from wagtail.models import Task, Workflow

    for model in (Workflow, Task):
        current = model.__dict__["name"]
        if isinstance(current, TranslatedName):
            continue
        model.name = TranslatedName(current)
        field = model._meta.get_field("name")
        # A save reads the column through getattr (Field.pre_save), which now translates.
        original_pre_save = field.pre_save
        field.pre_save = lambda instance, add, _pre_save=original_pre_save: stored_name(
            _pre_save(instance, add)
        )
