"""Credentials out of URLs, before a URL reaches a file or a message.

A base URL may carry a secret: ``http://user:pw@host/v1`` or ``…/v1?api_key=…``. Whatever
writes a URL (the call log, the response cache, results files, error messages) writes
:func:`redact_url` of it; a message that may quote a URL goes through :func:`redact_text`.
"""

from __future__ import annotations

import re
import urllib.parse

MASK = "***"

# Query parameters whose values are secrets, compared lower-case with `-` read as `_`.
SECRET_PARAMS = frozenset(
    {
        "key",
        "api_key",
        "apikey",
        "access_key",
        "token",
        "access_token",
        "auth",
        "secret",
        "client_secret",
        "password",
        "pw",
        "pwd",
        "sig",
        "signature",
        "code",
    }
)

_TRAILING = ".,;:!?)]}"
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s\"'<>`]+")
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*://)[^/?#]*@")
_SECRET_QUERY = re.compile(r"([?&;]([^=&;#]*)=)([^&;#]*)")


def redact_url(url: str) -> str:
    """`url` with any user and password shown as ``***@`` and secret query values as ``***``."""
    if "@" not in url and "=" not in url:
        return url
    url = _USERINFO.sub(lambda m: f"{m.group(1)}{MASK}@", url, count=1)
    return _SECRET_QUERY.sub(_mask_secret, url)


def redact_text(text: str) -> str:
    """`text` with every URL in it redacted as by :func:`redact_url`."""
    if "://" not in text:
        return text
    return _URL.sub(_redact_match, text)


def _redact_match(match: re.Match[str]) -> str:
    """A URL found in text; punctuation that ends the sentence is not part of it."""
    found = match.group(0)
    url = found.rstrip(_TRAILING)
    return redact_url(url) + found[len(url) :]


def _mask_secret(match: re.Match[str]) -> str:
    name = urllib.parse.unquote_plus(match.group(2)).strip().lower().replace("-", "_")
    if name in SECRET_PARAMS and match.group(3):
        return match.group(1) + MASK
    return match.group(0)
