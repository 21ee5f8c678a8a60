from modeltranslation.translator import TranslationOptions, register

from experts.models import TRANSLATED_FIELDS, Expert


@register(Expert)
class ExpertTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS
