from modeltranslation.translator import TranslationOptions, register

from portal.models import HomePage


@register(HomePage)
class HomePageTranslation(TranslationOptions):
    fields = ("intro",)
