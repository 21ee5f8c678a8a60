from modeltranslation.translator import TranslationOptions, register

from experts.models import TRANSLATED_FIELDS, Expert


@register(Expert)
class ExpertTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS
    # Some experts write only in Thai, Vietnamese or Indonesian: their words beat an empty field.
    fallback_languages = {"default": ("en", "vi", "id", "th")}
