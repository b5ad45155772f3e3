"""People on the phone: numbers to call back, and a client's preferred contact (seed, Passo 3-4).

The seed asks each client to call through one person, preferably from IT; the attendant is
told when someone else calls. A number is kept as typed (spaces, parentheses, dashes), only
checked to be a phone number: the attendant reads it back to dial.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from focco247.errors import InputError
from focco247.i18n import _

# Digits with the usual separators, an optional leading +, and an optional extension
# ("ramal 12", "r. 12", "ext 12", "x12"); 8 to 15 digits before the extension (E.164).
_PHONE = re.compile(
    r"^(?P<number>\+?[0-9(][0-9 ()./-]*[0-9])"
    r"(?:\s*(?:ramal|ext\.?|r\.|x)\s*(?P<extension>[0-9]{1,6}))?$",
    re.IGNORECASE,
)
MIN_DIGITS, MAX_DIGITS = 8, 15


def parse_phone(text: str | None) -> str | None:
    """A phone number as typed, spaces tidied; None when absent or blank. Anything that is not
    a number (a name typed in the wrong option, too few digits) is refused."""
    if text is None or not text.strip():
        return None
    tidy = " ".join(text.split())
    match = _PHONE.match(tidy)
    digits = sum(ch.isdigit() for ch in match.group("number")) if match else 0
    if match is None or not MIN_DIGITS <= digits <= MAX_DIGITS:
        raise InputError(
            _(
                "Phone {text!r} is not a phone number; write it with its area code, "
                "e.g. (54) 99876-5432 or +55 54 3025 9000."
            ).format(text=tidy)
        )
    return tidy


def _words(name: str) -> list[str]:
    """A name's words, case and accents folded: 'José  SOUZA' -> ['jose', 'souza']."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.findall(r"\w+", plain)


def same_person(caller: str, contact: str | None) -> bool:
    """Whether the caller is the contact: the same name, or one the start of the other
    ('Ana' is 'Ana Souza'; 'Ana Lima' is not), case and accents aside."""
    if contact is None:
        return False
    said, known = _words(caller), _words(contact)
    if not said or not known:
        return False
    shorter, longer = sorted((said, known), key=len)
    return longer[: len(shorter)] == shorter


@dataclass(frozen=True)
class Contact:
    """A client's preferred contact: who should call, and where to reach them."""

    name: str
    phone: str | None = None


def preferred_contact(name: str | None, phone: str | None) -> Contact | None:
    """The contact as given (None when no name): a phone needs the person it reaches."""
    who = " ".join(name.split()) if name and name.strip() else None
    number = parse_phone(phone)
    if who is None:
        if number is not None:
            raise InputError(_("A contact phone needs the contact's name too (--contact-name)."))
        return None
    return Contact(who, number)
