"""The file format: its columns (model field, header) and the words of the "Aktif" column."""

# (model field, column header). Headers are part of the file format, not of the UI, so they
# stay Indonesian whatever the user's language.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("short_name", "Singkatan"),
    ("name", "Nama"),
    ("kind", "Jenis"),
    ("address", "Alamat"),
    ("phone", "Telepon"),
    ("email", "Email"),
    ("head_name", "Nama Kepala"),
    ("head_title", "Jabatan Kepala"),
    ("head_nip", "NIP Kepala"),
    ("is_active", "Aktif"),
)
HEADERS: dict[str, str] = dict(COLUMNS)
KEY_FIELD = "short_name"
TRUE_WORDS = frozenset({"ya", "y", "yes", "true", "1", "aktif", "benar"})
FALSE_WORDS = frozenset({"tidak", "t", "no", "n", "false", "0", "nonaktif", "tidak aktif", "salah"})
YES, NO = "Ya", "Tidak"
