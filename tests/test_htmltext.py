"""HTML to text through a real parser: entities, attributes that hold `>`, skipped elements,
and every output character mapped back to the page source."""

from __future__ import annotations

import pytest

from extract.text.html import html_to_text


def spans(page: str) -> list[str]:
    """The source text behind each output character."""
    result = html_to_text(page)
    return [page[slice(*result.offsets.to_raw(i, i + 1))] for i in range(len(result.text))]


@pytest.mark.parametrize(
    ("page", "text"),
    [
        pytest.param("<p>A &amp; B</p>", "\nA & B\n", id="entity-amp"),
        pytest.param("<p>AT&amp;T &lt;b&gt;</p>", "\nAT&T <b>\n", id="entities-not-tags"),
        pytest.param("<p>&#20013;&#x6587;&nbsp;字</p>", "\n中文 字\n", id="char-refs"),
        pytest.param("<p>&amp &foo; a & b</p>", "\n& &foo; a & b\n", id="bare-and-unknown"),
        pytest.param('<p title="x>y">正文</p>', "\n正文\n", id="quoted-gt-in-attribute"),
        pytest.param("<p data-x='a>b' class=c>正文</p>", "\n正文\n", id="single-quoted-gt"),
        pytest.param('<script>var s = "<p>x</p>";</script>正文', "正文", id="script"),
        pytest.param("<noscript><p>开启</p></noscript>正文", "正文", id="noscript"),
        pytest.param("一<br/>二<br>三", "一\n二\n三", id="br-once"),
        pytest.param("<!-- <p>x</p> -->正文", "正文", id="comment"),
        pytest.param("5 < 6 > 4", "5 < 6 > 4", id="bare-angle-brackets"),
    ],
)
def test_text(page: str, text: str) -> None:
    assert html_to_text(page).text == text


def test_an_entity_maps_back_to_the_whole_reference() -> None:
    assert spans("<p>A &amp; B</p>") == ["<p>", "A", " ", "&amp;", " ", "B", "</p>"]


def test_an_attribute_holding_gt_is_part_of_its_tag() -> None:
    assert spans('<p title="x>y">正文</p>') == ['<p title="x>y">', "正", "文", "</p>"]


def test_title_and_meta_are_read_with_their_entities() -> None:
    page = (
        '<html><head><title>甲 &amp; 乙</title><meta name="Source" content="某市&amp;日报">'
        '<meta property="og:title" content="x>y"></head><body><p>正文</p></body></html>'
    )
    result = html_to_text(page)
    assert result.title == "甲 & 乙" and "甲" not in result.text
    assert result.meta == {"source": "某市&日报", "og:title": "x>y"}
