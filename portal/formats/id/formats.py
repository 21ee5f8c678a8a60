# Indonesian style writes months in full ("12 Maret 2025") and times with a dot ("09.00");
# Django's default abbreviates the month.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = "j F Y, H.i"
