from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # Search declarations live next to the models (knowledge/search.py, experts/search.py);
        # import them and keep their indexes in step with saves, publishing and deletions.
        from portal import content_cache, renditions, stream_posts, translation_sources, workflow_names
        from portal.search import document_text, synonyms
        from portal.search.documents import autodiscover
        from portal.search.signals import connect_document_type

        for document_type in autodiscover():
            connect_document_type(document_type)
        # Editors' synonyms reach Meilisearch through the outbox (the embedded engine reads them).
        synonyms.connect_signals()
        # Saving an image makes the renditions templates use, on the task worker.
        renditions.connect_signals()
        # Uploading a document has the worker read its text, so search finds what it says.
        document_text.connect_signals()
        # Navigation, home sections, filter labels, picks and whole pages (portal.page_cache) are
        # cached until content changes.
        content_cache.connect_signals()
        # An incomplete or absurd StreamField post is a field error in the admin, not a 500.
        stream_posts.install()
        # Publishing a page remembers which English each translation was saved against.
        translation_sources.connect()
        # Workflow and task names (rows the migrations create) read in each editor's language.
        workflow_names.install()
