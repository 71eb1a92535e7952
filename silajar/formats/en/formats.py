"""English formats: the same names as the Indonesian ones (silajar/formats/id), with English's
colon between hours and minutes ("12:40 WIB")."""

TIME_FORMAT = "H:i T"
DATETIME_FORMAT = "j F Y H:i T"
SHORT_DATETIME_FORMAT = "j M Y H:i T"
