"""The Portuguese catalog is complete, and the language is chosen as SPEC §3 says."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from focco247 import i18n

ROOT = Path(__file__).resolve().parents[2]
PT_BR = ROOT / "src" / "focco247" / "locale" / "pt_BR" / "LC_MESSAGES" / "focco247.po"

# Words that are the same in both languages; anything else equal to its msgid is untranslated.
SAME_IN_PORTUGUESE = {
    "Total",
    "total",
    "Total:             {amount:>16}",
    "Total {amount}",
    "Status",
    "E-mail",
    "Email",
    "{n} bytes",
    "{size} KiB",
    "{size} MiB",
}


def _catalog_tool():
    spec = importlib.util.spec_from_file_location("focco247_catalog", ROOT / "tools" / "catalog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _messages():
    with PT_BR.open("rb") as source:
        return [m for m in read_po(source, locale="pt_BR") if m.id]


def test_every_marked_message_is_in_the_pt_br_catalog():
    tool = _catalog_tool()
    assert tool.missing(tool.extracted(), PT_BR) == []


def test_pt_br_catalog_has_no_untranslated_or_fuzzy_message():
    bad = []
    for message in _messages():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        untranslated = strings[0] == ids[0] and ids[0] not in SAME_IN_PORTUGUESE
        if message.fuzzy or not all(strings) or untranslated:
            bad.append(message.id)
    assert bad == []


def test_pt_br_catalog_is_compiled_by_the_build():
    assert PT_BR.with_suffix(".mo").is_file(), "reinstall (pip install -e .) to compile it"
    assert type(i18n.translation("pt_BR")).__name__ == "GNUTranslations"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "pt_BR.UTF-8"}, "pt_BR"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "pt_BR.UTF-8"}, "pt_BR"),
        ({"LANG": "pt_BR.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LC_ALL": "pt_BR.UTF-8", "FOCCO247_LANG": "en"}, "en"),
        ({"LANG": "C", "FOCCO247_LANG": "pt-BR"}, "pt_BR"),
        ({"LANG": "C", "FOCCO247_LANG": "pt"}, "pt_BR"),
    ],
)
def test_interface_language_is_focco247_lang_then_lc_all_lc_messages_lang(environ, expected):
    assert i18n.interface_language(environ) == expected


def test_in_language_switches_only_inside_the_block():
    i18n.set_language("en")
    with i18n.in_language("pt_BR"):
        assert i18n.current_language() == "pt_BR"
    assert i18n.current_language() == "en"
