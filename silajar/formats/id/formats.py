"""Indonesian formats: times as the EYD writes them, hours and minutes parted by a full stop and
followed by the zone ("12.40 WIB"; `T` prints the abbreviation of TIME_ZONE, Asia/Pontianak).
Templates print a moment through these names (`|date:"SHORT_DATETIME_FORMAT"`), never a
pattern of their own; what is not set here stays Django's Indonesian."""

TIME_FORMAT = "H.i T"
DATETIME_FORMAT = "j F Y H.i T"
SHORT_DATETIME_FORMAT = "j M Y H.i T"
