"""Validators: a whole post, a username, a list, a hashtag, a URL, a new handle."""

from __future__ import annotations

import ipaddress

import regex

from practice.tweettext.data import _NOT_DOMAIN, HANDLE_RE, _str
from practice.tweettext.entities import _LIST_RE, extract_hashtags, extract_mentions
from practice.tweettext.length import parse_post
from practice.tweettext.urls import _ascii_domain_length

# --- is_valid_url (RFC 3986 shaped, accepts IRIs) ---------------------------------
_URL_PARTS_RE = regex.compile(r"(?:([^:/?#]+)://)?([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?", regex.DOTALL)
_PCHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@\p{L}\p{M}\p{N}]|%[0-9A-Fa-f]{2})"
_V_PATH_RE = regex.compile(rf"(?:/{_PCHAR}*+)*+")
_V_QUERY_RE = regex.compile(rf"(?:{_PCHAR}|[/?])*+")
_V_AUTHORITY_RE = regex.compile(
    r"(?:(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*@)?(\[[^\]]*\]|[^:@\[\]]*)"
    r"(?::[0-9]*)?"
)
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_V_IPV4_RE = regex.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")
_V_LABEL_CHAR = rf"(?:[A-Za-z0-9]|[^\x00-\x7f{_NOT_DOMAIN}])"
# Labels start and end with a letter/digit; "_" only in subdomains.
_V_SUBDOMAIN_RE = regex.compile(rf"{_V_LABEL_CHAR}(?:(?:{_V_LABEL_CHAR}|[_\-])*{_V_LABEL_CHAR})?")
_V_DOMAIN_RE = regex.compile(rf"{_V_LABEL_CHAR}(?:(?:{_V_LABEL_CHAR}|-)*{_V_LABEL_CHAR})?")
_V_TLD_RE = regex.compile(r"[Xx][Nn]--[A-Za-z0-9\-]+|\p{L}[\p{L}\p{M}]+")


def is_valid_handle(text: str) -> bool:
    """Registration rule for a new handle: 1-15 of [A-Za-z0-9_]."""
    return isinstance(text, str) and HANDLE_RE.match(text) is not None


# --- Validators -----------------------------------------------------------------------
def is_valid_tweet(text: str, config: str = "v3") -> bool:
    """Valid post under `config`; the legacy conformance section uses "v1"."""
    return parse_post(text, config).valid


def is_valid_username(text: str) -> bool:
    """ "@name" (with the @) that extracts as exactly that one mention."""
    text = _str(text)
    return extract_mentions(text) == [text[1:]] if text else False


def is_valid_list(text: str) -> bool:
    """ "@user/slug" and nothing else."""
    return _LIST_RE.fullmatch(_str(text)) is not None


def is_valid_hashtag(text: str) -> bool:
    """ "#tag" (with the #) that extracts as exactly that one hashtag."""
    text = _str(text)
    return extract_hashtags(text) == [text[1:]] if text else False


def _valid_host(host: str) -> bool:
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
        return True
    if _V_IPV4_RE.fullmatch(host):
        return True
    labels = host.split(".")
    return (
        len(labels) >= 2
        and _V_TLD_RE.fullmatch(labels[-1]) is not None
        and _V_DOMAIN_RE.fullmatch(labels[-2]) is not None
        and all(_V_SUBDOMAIN_RE.fullmatch(label) for label in labels[:-2])
        and _ascii_domain_length(host) is not None
    )


def is_valid_url(text: str, require_protocol: bool = True) -> bool:
    """An absolute http(s) URL (RFC 3986 shaped; unicode domains and paths allowed).

    Userinfo, IPv4, [IPv6] and ports are accepted; ftp://, bad IPs, "_" or a
    leading/trailing "-" in the domain label, and whitespace are not.
    """
    text = _str(text)
    parts = _URL_PARTS_RE.fullmatch(text) if text else None
    if parts is None:
        return False
    scheme, authority, path, query, fragment = parts.groups()
    if scheme is None:
        if require_protocol:
            return False
    elif not regex.fullmatch(r"[Hh][Tt][Tt][Pp][Ss]?", scheme):
        return False
    auth = _V_AUTHORITY_RE.fullmatch(authority)
    return (
        auth is not None
        and _valid_host(auth.group(1))
        and _V_PATH_RE.fullmatch(path) is not None
        and (query is None or _V_QUERY_RE.fullmatch(query) is not None)
        and (fragment is None or _V_QUERY_RE.fullmatch(fragment) is not None)
    )
