"""Numbers to call back and the preferred contact: what is a phone number, who is the contact."""

from __future__ import annotations

import pytest

from focco247.domain.contacts import Contact, parse_phone, preferred_contact, same_person
from focco247.errors import InputError


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("(54) 99876-5432", "(54) 99876-5432"),
        ("  54   3025 9000 ", "54 3025 9000"),
        ("+55 54 3025-9000", "+55 54 3025-9000"),
        ("5499876543", "5499876543"),
        ("54 3025 9000 ramal 12", "54 3025 9000 ramal 12"),
        ("54 3025 9000 r. 12", "54 3025 9000 r. 12"),
        ("0800 247 2470", "0800 247 2470"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_a_phone_is_kept_as_typed_with_its_spaces_tidied(typed, kept):
    assert parse_phone(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "Ana",
        "1234567",
        "1234567890123456",
        "54 3025 9000 call me",
        "-54 3025 9000",
    ],
)
def test_what_is_not_a_phone_number_is_refused(typed):
    with pytest.raises(InputError, match="is not a phone number"):
        parse_phone(typed)


@pytest.mark.parametrize(
    ("caller", "contact", "same"),
    [
        ("Ana Souza", "Ana Souza", True),
        ("ana  souza", "Ana Souza", True),
        ("Ana", "Ana Souza", True),
        ("Ana Souza Lima", "Ana Souza", True),
        ("José", "Jose Pereira", True),
        ("Ana Lima", "Ana Souza", False),
        ("Souza", "Ana Souza", False),
        ("Bruno", "Ana Souza", False),
        ("Ana", None, False),
    ],
)
def test_the_caller_is_the_contact_when_one_name_starts_the_other(caller, contact, same):
    assert same_person(caller, contact) is same


def test_a_preferred_contact_needs_a_name_and_may_have_a_phone():
    assert preferred_contact(" Ana  Souza ", "54 3025 9000") == Contact("Ana Souza", "54 3025 9000")
    assert preferred_contact("Ana", None) == Contact("Ana", None)
    assert preferred_contact(None, None) is None
    with pytest.raises(InputError, match="--contact-name"):
        preferred_contact(None, "54 3025 9000")
