from modeltranslation.translator import TranslationOptions, register

from knowledge.models import Action, City, Country, Pollutant, Sector, Theme


@register([Theme, Pollutant, Sector, Action])
class TaxonomyTermTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(City)
class CityTranslation(TranslationOptions):
    fields = ("name",)
