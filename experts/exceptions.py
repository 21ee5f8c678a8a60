"""Errors the experts app's models, services and views share."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class AlreadyDecided(ValidationError):
    """Another editor decided first: this request changed nothing and sent no e-mail."""
