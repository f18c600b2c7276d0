"""License numbers: ``XXXXX-XXXXX-XXXXX-XXXXX`` in an alphabet without look-alike characters
(no 0/O, 1/I), drawn from the operating system's secure random source; the last character is a
Luhn mod 32 check character, so a mistyped number is refused before any database lookup.

Machine codes for offline activation: ``XXXX-XXXX-XXXX-XXXX`` in the same alphabet, the first
15 characters from a SHA-256 digest of the machine's hardware identity, the last one the same
check character, so a code read over the phone with a typo is refused before it takes a seat
(see ``machine_code``: the customer's software computes it the same way)."""

import hashlib
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
GROUPS, GROUP_SIZE = 4, 5
LENGTH = GROUPS * GROUP_SIZE
MACHINE_GROUPS, MACHINE_GROUP_SIZE = 4, 4


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
    return _grouped(payload + _check_character(payload), GROUP_SIZE)


def _grouped(raw, group_size):
    return "-".join(raw[i : i + group_size] for i in range(0, len(raw), group_size))


def check_code(code, groups=GROUPS, group_size=GROUP_SIZE):
    """``(canonical form, None)`` of a typed code (case, spaces and dashes ignored), or
    ``(None, reason)`` where reason is ``"malformed"`` (wrong length or characters) or
    ``"check_character"`` (well formed, but mistyped)."""
    if not isinstance(code, str):
        return None, "malformed"
    raw = "".join(code.split()).replace("-", "").upper()
    if len(raw) != groups * group_size or any(char not in ALPHABET for char in raw):
        return None, "malformed"
    if _check_character(raw[:-1]) != raw[-1]:
        return None, "check_character"
    return _grouped(raw, group_size), None


def check_number(number):
    """``check_code`` of a license number."""
    return check_code(number)


def check_machine_code(code):
    """``check_code`` of an offline machine code."""
    return check_code(code, MACHINE_GROUPS, MACHINE_GROUP_SIZE)


def machine_code(hardware_identity):
    """The machine code the customer's software shows for ``hardware_identity`` (any text
    that identifies the machine, e.g. board serial and MAC address)."""
    digest = hashlib.sha256(hardware_identity.encode()).digest()
    payload = "".join(ALPHABET[byte % len(ALPHABET)] for byte in digest)
    payload = payload[: MACHINE_GROUPS * MACHINE_GROUP_SIZE - 1]
    return _grouped(payload + _check_character(payload), MACHINE_GROUP_SIZE)


def normalize_number(number):
    """The canonical form of a typed number, or None when it is malformed or mistyped."""
    return check_number(number)[0]
