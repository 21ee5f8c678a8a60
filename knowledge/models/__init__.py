from knowledge.models.taxonomy import Action, City, Country, Pollutant, Sector, Theme

__all__ = ["Action", "City", "Country", "Pollutant", "Sector", "Theme"]
