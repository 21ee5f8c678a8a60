# Thai dates keep Django's day-month-year order; portal.l10n adds the Buddhist-era year, which
# a date format cannot compute, with the Gregorian year beside it.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
