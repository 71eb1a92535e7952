"""Indonesian names with their titles: "Ir. Hendra Wijaya, M.T." is written so in documents and
greeted as "Hendra". Academic, professional and religious titles come before the name
(Dr., Ir., Drs., H., Hj., Prof., …) or after it, behind a comma (S.Kom., M.T., M.Si., …)."""

import re

# titles written before the name; compared without their dots, case-insensitively
_PREFIXES = frozenset(
    {"dr", "drg", "ir", "drs", "dra", "prof", "h", "hj", "kh", "ust", "ustz", "rd", "raden", "hc"}
)
# a word after the name that is a degree: "S.Kom.", "M.T.", "Ph.D", "SE", "A.Md." …
_DEGREE = re.compile(
    r"^(?:[A-Z][a-z]{0,3}\.){1,4}[A-Za-z]{0,4}\.?$|^(?:SE|SH|ST|MM|MT|MH|MBA|MSc|PhD)$"
)


def name_without_titles(full_name: str) -> str:
    """The name a person is called by: no titles before it, no degrees after it."""
    name = full_name.split(",", 1)[0]  # degrees follow a comma
    words = name.split()
    while len(words) > 1 and words[0].rstrip(".").lower() in _PREFIXES:
        words.pop(0)
    while len(words) > 1 and _DEGREE.match(words[-1]):
        words.pop()
    return " ".join(words)


def first_name(full_name: str) -> str:
    """The first word of the name without titles: "Ir. Hendra Wijaya, M.T." → "Hendra"."""
    name = name_without_titles(full_name)
    return name.split(" ", 1)[0] if name else ""
