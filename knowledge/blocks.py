"""StreamField blocks shared by the knowledge pages; their templates live in templates/blocks/."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

# Rich text stays to the features the importer's sanitiser also allows, so imported and edited
# bodies look alike.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "blockquote"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for readers who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


class IndicatorBlock(blocks.StructBlock):
    """A measured result: where the indicator stood before and after, in one unit."""

    indicator = blocks.CharBlock(
        label=_("indicator"),
        max_length=200,
        help_text=_("Blocks with the same indicator and unit are drawn as one chart."),
    )
    baseline = blocks.DecimalBlock(label=_("baseline"), required=False, decimal_places=2)
    baseline_year = blocks.IntegerBlock(
        label=_("baseline year"), required=False, min_value=1950, max_value=2100
    )
    result = blocks.DecimalBlock(label=_("result"), required=False, decimal_places=2)
    unit = blocks.CharBlock(label=_("unit"), required=False, max_length=60)
    year = blocks.IntegerBlock(
        label=_("year"),
        required=False,
        min_value=1950,
        max_value=2100,
        help_text=_("The year of the result."),
    )

    class Meta:
        icon = "table"
        label = _("Indicator")
        template = "blocks/indicator_block.html"


class DocumentWithLanguageChooserBlock(DocumentChooserBlock):
    """Wagtail's document chooser, fetching with each document the language its file declares
    (read with its text, portal.search), in the one query that fetches the documents: a page
    listing several files names each one's language without a query per link."""

    @property
    def canonical_module_path(self) -> str:
        # The same block as far as migrations go: only how documents are fetched differs.
        return "wagtail.documents.blocks.DocumentChooserBlock"

    def bulk_to_python(self, values: list) -> list:
        objects = self.model_class.objects.select_related("extracted_text").in_bulk(values)
        return [objects.get(value) for value in values]


class DocumentBlock(blocks.StructBlock):
    document = DocumentWithLanguageChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"), required=False, max_length=200, help_text=_("Defaults to the document title.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "blocks/document_block.html"


class EmbedMediaBlock(EmbedBlock):
    class Meta:
        icon = "media"
        label = _("Embedded media")
        template = "blocks/embed_block.html"


class BodyBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        label=_("Text"), features=RICH_TEXT_FEATURES, template="blocks/rich_text_block.html"
    )
    image = ImageBlock()
    quote = QuoteBlock()
    indicator = IndicatorBlock()
    document = DocumentBlock()
    embed = EmbedMediaBlock()


class ResultsBlock(blocks.StreamBlock):
    indicator = IndicatorBlock()


class DownloadsBlock(blocks.StreamBlock):
    document = DocumentBlock()


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=250)
    url = blocks.URLBlock(label=_("web address"), required=False)
    document = DocumentWithLanguageChooserBlock(label=_("document"), required=False)

    class Meta:
        icon = "link"
        label = _("Source")
        template = "blocks/source_block.html"


class SourcesBlock(blocks.StreamBlock):
    source = SourceBlock()


class ModuleBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=200)
    description = blocks.TextBlock(label=_("description"), required=False)
    duration = blocks.CharBlock(label=_("duration"), required=False, max_length=60)

    class Meta:
        icon = "list-ol"
        label = _("Module")
        template = "blocks/module_block.html"


class ModulesBlock(blocks.StreamBlock):
    module = ModuleBlock()


class LanguageVersionBlock(blocks.StructBlock):
    language = blocks.CharBlock(
        label=_("language code"), max_length=8, help_text=_("ISO 639-1 code, for example vi, id or th.")
    )
    document = DocumentChooserBlock(label=_("document"), required=False)
    url = blocks.URLBlock(label=_("web address"), required=False)

    class Meta:
        icon = "globe"
        label = _("Language version")
        template = "blocks/language_version_block.html"


class LanguageVersionsBlock(blocks.StreamBlock):
    version = LanguageVersionBlock()


class SessionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=250)
    time = blocks.CharBlock(
        label=_("time"),
        required=False,
        max_length=60,
        help_text=_("Local time at the venue, e.g. 09:30–11:00."),
    )
    speakers = blocks.CharBlock(label=_("speakers"), required=False, max_length=400)
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "group"
        label = _("Session")
        template = "blocks/session_block.html"


class SessionsBlock(blocks.StreamBlock):
    session = SessionBlock()


class RelatedPagesBlock(blocks.StreamBlock):
    page = blocks.PageChooserBlock(
        label=_("page"),
        page_type=["knowledge.CaseStudyPage", "knowledge.TrainingMaterialPage", "knowledge.ForumReportPage"],
    )
