"""What every screen shows of recorded text: bidi controls visible, never taking effect."""

from __future__ import annotations

from markupsafe import Markup

from api.web.labels import shown
from api.web.render import environment


def test_a_right_to_left_override_is_shown_as_a_marker_not_obeyed() -> None:
    page = environment.from_string("<td>{{ title }}</td>").render(title="罚款 \u202e0005\u202c 元")
    assert page == "<td>罚款 ⟦U+202E⟧0005⟦U+202C⟧ 元</td>"


def test_markup_stays_markup_and_plain_text_is_still_escaped() -> None:
    assert shown(Markup("<b>\u2067x</b>")) == Markup("<b>⟦U+2067⟧x</b>")
    page = environment.from_string("{{ name }}").render(name="<i>\u200f张三</i>")
    assert page == "&lt;i&gt;⟦U+200F⟧张三&lt;/i&gt;"
    assert shown(7) == 7


def test_text_the_records_rely_on_holds_no_control_nor_bidi_character() -> None:
    """Outside attack round 1, #4 and #8: a reason with a NUL, a title with U+202E."""
    from domain.records.text import visible

    assert visible("审理需要\n第二行\t附注") == "审理需要\n第二行\t附注"
    assert visible("x\x00") is None
    assert visible("拟罚款 \u202e0005\u202c 元") is None
    assert visible("\u2066张三\u2069") is None
    assert visible("理由\x85") is None  # C1 control
