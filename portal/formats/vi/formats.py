# Vietnamese readers write "12 tháng 3, 2025"; Django's own "Ngày 12 tháng 3 năm 2025" reads
# like the start of a sentence, so the portal's lists and facts use the shorter form.
DATE_FORMAT = r"j \t\há\n\g n, Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"H:i, j \t\há\n\g n, Y"
# Django's Vietnamese formats name "." as the thousands separator but never group digits.
NUMBER_GROUPING = 3
