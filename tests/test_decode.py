"""Decoding with charset-normalizer and the common-character check beside it."""

from __future__ import annotations

import charset_normalizer
import pytest

from extract.errors import InputError
from extract.text.decode import decode_bytes, detected_charset

SHORT_BIG5 = "啟東市黨政代表團赴蘇州考察"
SENTENCE = "3月6日至7日,市委书记谭真率党政代表团前往浙江省嘉兴市嘉善县学习考察。"


def test_charset_normalizer_alone_misreads_a_short_big5_headline() -> None:
    """Why decode.py does not hand the bytes to charset-normalizer alone. If this fails,
    charset-normalizer reads short Chinese text now, and decode.py may rely on it more."""
    data = SHORT_BIG5.encode("big5")
    guess = charset_normalizer.from_bytes(data).best()
    assert guess is None or str(guess) != SHORT_BIG5
    assert decode_bytes(data, "a.txt") == (SHORT_BIG5, "big5hkscs")


def test_a_wrong_declaration_is_overruled_with_charset_normalizers_guess() -> None:
    page = f'<meta charset="big5"><p>{SENTENCE}</p>'.encode("gbk")
    assert detected_charset(page) == ("gb18030",)
    text, codec = decode_bytes(page, "p.html", html=True)
    assert SENTENCE in text and codec == "gb18030"


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_a_bom_names_the_codec(codec: str) -> None:
    assert decode_bytes(SENTENCE.encode(codec), "a.txt") == (SENTENCE, codec)


def test_bad_bytes_are_one_clear_error() -> None:
    with pytest.raises(InputError, match="cannot decode"):
        decode_bytes(b"\x80\xff" * 40, "bad.txt")
