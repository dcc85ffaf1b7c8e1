"""Accent folding for Vietnamese search.

Users type without diacritics ("nguyen van anh"); names are stored with them
("Nguyễn Văn Ánh"). We store a folded copy of searchable text and fold the
query the same way, so the same code works on SQLite (demo) and PostgreSQL.
"""

import unicodedata

# "đ" is a letter of its own, not "d" with a combining mark, so NFD leaves it.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics and collapse white space."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def nfc(text: str) -> str:
    """NFC-normalise user input so that equal names compare equal."""
    return unicodedata.normalize("NFC", text or "").strip()
