"""License numbers: ``XXXXX-XXXXX-XXXXX-XXXXX`` in an alphabet without look-alike characters
(no 0/O, 1/I), drawn from the operating system's secure random source; the last character is a
Luhn mod 32 check character, so a mistyped number is refused before any database lookup."""

import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
GROUPS, GROUP_SIZE = 4, 5
LENGTH = GROUPS * GROUP_SIZE


def _check_character(payload):
    """Luhn mod N check character of ``payload`` (characters of ALPHABET)."""
    base = len(ALPHABET)
    factor, total = 2, 0
    for char in reversed(payload):
        addend = factor * ALPHABET.index(char)
        total += addend // base + addend % base
        factor = 1 if factor == 2 else 2
    return ALPHABET[(base - total % base) % base]


def generate_number():
    payload = "".join(secrets.choice(ALPHABET) for _i in range(LENGTH - 1))
    raw = payload + _check_character(payload)
    return "-".join(raw[i : i + GROUP_SIZE] for i in range(0, LENGTH, GROUP_SIZE))


def check_number(number):
    """``(canonical form, None)`` of a typed number (case, spaces and dashes ignored), or
    ``(None, reason)`` where reason is ``"malformed"`` (wrong length or characters) or
    ``"check_character"`` (well formed, but mistyped)."""
    if not isinstance(number, str):
        return None, "malformed"
    raw = "".join(number.split()).replace("-", "").upper()
    if len(raw) != LENGTH or any(char not in ALPHABET for char in raw):
        return None, "malformed"
    if _check_character(raw[:-1]) != raw[-1]:
        return None, "check_character"
    return "-".join(raw[i : i + GROUP_SIZE] for i in range(0, LENGTH, GROUP_SIZE)), None


def normalize_number(number):
    """The canonical form of a typed number, or None when it is malformed or mistyped."""
    return check_number(number)[0]
