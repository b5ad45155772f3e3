"""Plain tables: off a terminal a table is laid out without rich, byte for byte as rich draws it."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from focco247.output.console import PLAIN_WIDTH, Justify, plain_table, visible


def drawn_by_rich(
    title: str | None,
    heads: list[str],
    aligns: list[Justify],
    cells: list[list[str]],
    caption: str | None,
) -> str:
    """What `console.table` prints through rich off a terminal (its plain settings)."""
    from rich.console import Console
    from rich.table import Table

    out = Table(
        title=title,
        box=None,
        show_edge=False,
        pad_edge=False,
        title_justify="left",
        caption=caption,
        caption_justify="left",
    )
    for name, align in zip(heads, aligns, strict=True):
        out.add_column(name, justify=align, overflow="fold")
    for row in cells:
        out.add_row(*row)
    buffer = io.StringIO()
    Console(
        file=buffer,
        no_color=True,
        highlight=False,
        soft_wrap=False,
        emoji=False,
        force_terminal=False,
        width=PLAIN_WIDTH,
    ).print(out)
    return buffer.getvalue()


def test_a_plain_invoice_table_is_the_text_rich_draws() -> None:
    heads = ["kind", "description", "billed", "amount"]
    aligns: list[Justify] = ["left", "left", "right", "right"]
    cells = [
        ["24|7 fee", "Adicional 24|7 11/2026: 30% da GLT de R$ 2.473,00", "", "R$ 741,90"],
        ["hours", "Chamado nº 903976 causado pelo cliente: 20m registrados", "1h", "R$ 221,00"],
        ["exceptional", "Atendimento excepcional", "", "R$ 1.519,80"],
    ]
    title = "C00001 Vinícola Litoral 1 Ltda | 2026-11 | draft"
    caption = "Total R$ 3.427,05"
    text = plain_table(title, heads, aligns, cells, caption)
    assert text is not None
    assert text == drawn_by_rich(title, heads, aligns, cells, caption)


def test_plain_table_lines_of_a_multi_line_cell_and_centred_columns_match_rich() -> None:
    heads = ["a", "b", "c"]
    aligns: list[Justify] = ["center", "left", "right"]
    cells = [["one\ntwo lines", "x", "trailing  "], ["", "é\n\nwide 漢字", "  1"]]
    text = plain_table(None, heads, aligns, cells, "caption\nin two lines")
    assert text is not None
    assert text == drawn_by_rich(None, heads, aligns, cells, "caption\nin two lines")


def test_plain_table_leaves_markup_and_overlong_titles_to_rich() -> None:
    assert plain_table(None, ["a"], ["left"], [["[bold]x[/bold]"]], None) is None
    assert plain_table("a title wider than the table", ["a"], ["left"], [["x"]], None) is None
    assert plain_table(None, ["a", ""], ["left", "left"], [["x", ""]], None) is None


# Mostly what tables hold; now and then what rich reads differently or measures oddly.
COMMON = list("ab Z09 |,.-/çãé漢😀") * 30
RARE = ["\n", "[", "]", "\u0301", "\u200b", "\u00ad", "\t", "\u2028", "\x1b"]
TEXT = st.text(alphabet=st.sampled_from(COMMON + RARE), max_size=12)
NOTE = st.none() | st.text(alphabet=st.sampled_from(COMMON + RARE), max_size=5)
ALIGN = st.sampled_from(["left", "right", "center"])


@st.composite
def tables(
    draw: st.DrawFn,
) -> tuple[str | None, list[tuple[str, Justify]], list[list[str]], str | None]:
    columns = draw(st.lists(st.tuples(TEXT, ALIGN), min_size=1, max_size=4))
    row = st.lists(TEXT, max_size=len(columns) + (draw(st.integers(0, 9)) == 0))
    return draw(NOTE), columns, draw(st.lists(row, max_size=4)), draw(NOTE)


@settings(max_examples=300, deadline=None)
@given(tables())
def test_plain_table_is_rich_text_whenever_it_answers(
    table: tuple[str | None, list[tuple[str, Justify]], list[list[str]], str | None],
) -> None:
    title, columns, rows, caption = table
    heads = [visible(name) for name, _ in columns]
    aligns = [align for _, align in columns]
    cells = [[visible(text) for text in row] for row in rows]
    title = visible(title) if title else title
    caption = visible(caption) if caption else caption
    text = plain_table(title, heads, aligns, cells, caption)
    if text is not None:
        assert text == drawn_by_rich(title, heads, aligns, cells, caption)
