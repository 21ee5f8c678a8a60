"""The page's "Translation files" screen: download a page's texts for a translator, upload them back.

Reached from the "…" menu in the page editor's header (portal.wagtail_hooks). Only people who may
edit the page see it; the work itself is in portal.translation_files.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe
from django.views.defaults import permission_denied
from wagtail.models import Page

from portal.i18n import portal_language_names, translation_languages
from portal.translation_files import (
    FORMATS,
    TranslationFileError,
    export_file,
    file_name,
    import_file,
    language_choices,
)
from portal.translation_sources import stale_translations, translated_page_fields
from portal.translation_units import translation_units


class TranslationImportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    file = forms.FileField(
        label=_("Translated file"),
        help_text=_("The PO or XLIFF file exported from this page, with the translator's texts filled in."),
    )


def can_translate(page: Page, user: object) -> bool:
    """Whoever may edit the page, if the page has texts to translate."""
    return bool(translated_page_fields(page.specific_class)) and page.permissions_for_user(user).can_edit()


def _page(request: HttpRequest, page_id: int) -> Page:
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_translate(page, request.user):
        raise PermissionDenied
    return page


def _languages(page: Page) -> list[dict]:
    draft = page.get_latest_revision_as_object()
    stale = stale_translations(draft)
    names = portal_language_names()
    rows = []
    for code in translation_languages():
        units = translation_units(draft, code)
        rows.append(
            {
                "code": code,
                "name": names[code],
                "total": len(units),
                "translated": sum(1 for unit in units if unit.target.strip()),
                "stale": sum(
                    1 for unit in units if unit.target.strip() and unit.field in stale.get(code, ())
                ),
            }
        )
    return rows


def translation_files_view(request: HttpRequest, page_id: int) -> HttpResponse:
    try:
        page = _page(request, page_id)
    except PermissionDenied:
        # Answered here: Wagtail turns a raised PermissionDenied into a redirect to the dashboard.
        return permission_denied(request, PermissionDenied())
    if request.method == "POST":
        form = TranslationImportForm(request.POST, request.FILES)
        if form.is_valid():
            language = form.cleaned_data["language"]
            try:
                result = import_file(
                    page=page, language=language, data=form.cleaned_data["file"].read(), user=request.user
                )
            except TranslationFileError as error:
                for problem in error.problems:
                    form.add_error("file", problem)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s text in %(language)s imported and saved as a draft: review it and publish.",
                        "%(count)s texts in %(language)s imported and saved as a draft: review them and publish.",
                        result.count,
                    )
                    % {"count": result.count, "language": portal_language_names()[language]},
                )
                return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    else:
        form = TranslationImportForm(initial={"language": request.GET.get("language", "")})
    context = {"page": page, "languages": _languages(page), "form": form, "formats": FORMATS}
    return render(request, "portal/admin/translation_files.html", context)


@require_safe
def translation_file_export_view(
    request: HttpRequest, page_id: int, language: str, file_format: str
) -> HttpResponse:
    try:
        page = _page(request, page_id)
    except PermissionDenied:
        return permission_denied(request, PermissionDenied())
    if language not in translation_languages() or file_format not in FORMATS:
        raise Http404
    response = HttpResponse(
        export_file(page=page, language=language, file_format=file_format),
        content_type=f"{FORMATS[file_format][1]}; charset=utf-8",
    )
    name = file_name(page=page, language=language, file_format=file_format)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
