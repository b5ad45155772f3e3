"""Translations: the interface language, and the documents' language.

Two languages are in play (SPEC §5): the *interface* language — messages, help and terminal
tables — chosen by $FOCCO247_LANG, else $LC_ALL / $LC_MESSAGES / $LANG; and the *documents*
language (policy `documents.language`) for what goes to clients or to files, whoever runs the
command. `_()` translates into whichever is active; `in_language()` switches for a block.

Only the standard library's gettext is used at run time (Babel compiles the catalogs at build
time), and the active translation is a context variable, so threads of the web page never
see each other's language.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "focco247"
LOCALE_DIR = Path(__file__).parent / "locale"
ENGLISH = "en"
PORTUGUESE = "pt_BR"
LANGUAGES = (ENGLISH, PORTUGUESE)

_active: ContextVar[str | None] = ContextVar("focco247_language", default=None)
# The documents' language of the policy in use (set when a command opens the store).
_documents: ContextVar[str] = ContextVar("focco247_documents_language", default=PORTUGUESE)


def normalize(value: str | None) -> str | None:
    """`pt_BR.UTF-8`, `pt-BR`, `pt` → pt_BR; `C`, `POSIX`, `en_US.UTF-8` → en; else None."""
    if not value:
        return None
    code = value.split(".")[0].split("@")[0].replace("-", "_").strip()
    if code.lower() in ("c", "posix"):
        return ENGLISH
    language = code.split("_")[0].lower()
    if language == "pt":
        return PORTUGUESE
    if language == "en":
        return ENGLISH
    return None


def interface_language(environ: Mapping[str, str] | None = None) -> str:
    """$FOCCO247_LANG, else the first of $LC_ALL, $LC_MESSAGES, $LANG that is set (as the C
    library reads them); English when none names a language the tool speaks."""
    env = os.environ if environ is None else environ
    explicit = normalize(env.get("FOCCO247_LANG"))
    if explicit:
        return explicit
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return normalize(value) or ENGLISH
    return ENGLISH


@cache
def translation(language: str) -> gettext.NullTranslations:
    """The compiled catalog of `language` (English is the source text itself)."""
    if language == ENGLISH:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, [language], fallback=True)


def current_language() -> str:
    language = _active.get()
    if language is None:
        language = interface_language()
        _active.set(language)
    return language


def set_language(language: str) -> None:
    """Make `language` the interface language of this process (or context)."""
    _active.set(normalize(language) or ENGLISH)


@contextmanager
def in_language(language: str) -> Iterator[None]:
    """Translate into `language` inside the block (documents for clients, the web page)."""
    token = _active.set(normalize(language) or ENGLISH)
    try:
        yield
    finally:
        _active.reset(token)


def set_documents_language(language: str) -> None:
    """Record the policy's `documents.language` for `in_documents_language()`."""
    _documents.set(normalize(language) or PORTUGUESE)


def documents_language() -> str:
    return _documents.get()


@contextmanager
def in_documents_language() -> Iterator[None]:
    """Translate into the documents' language inside the block: what goes to clients or to
    files, and the prose inside JSON (SPEC §5 "Languages")."""
    with in_language(documents_language()):
        yield


def _(message: str) -> str:
    """`message` in the active language."""
    return translation(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translation(current_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for the catalog without translating it yet (module-level tables)."""
    return message
