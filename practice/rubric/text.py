"""How rules compare text: folded case and accents, whole words, handles, tags, link domains."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

import regex

from practice import tweettext
from practice.rubric.model import PostView


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Café' and 'cafe' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _handle(value: str) -> str:
    return fold(value.strip().lstrip("@"))


def _tag(value: str) -> str:
    return fold(value.strip().lstrip("#＃"))


def contains_phrase(text: str, phrase: str) -> bool:
    """Whole-word, case- and accent-insensitive match of a word or phrase."""
    words = fold(phrase).split()
    if not words:
        return False
    pattern = r"(?<![\p{L}\p{N}_])" + r"\s+".join(regex.escape(w) for w in words) + r"(?![\p{L}\p{N}_])"
    return regex.search(pattern, fold(text)) is not None


def _own_words(post: PostView) -> list[str]:
    """The words a person wrote themselves: without mentions, hashtags and links."""
    text = post.text
    for entity in sorted(tweettext.extract_entities(text), key=lambda e: e.start, reverse=True):
        text = text[: entity.start] + " " + text[entity.end :]
    words: list[str] = regex.findall(r"[\p{L}\p{N}][\p{L}\p{N}'’-]*", text)
    return words


def _domain_matches(url: str, domain: str) -> bool:
    if "://" not in url:
        url = "https://" + url
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    domain = domain.lower().strip().lstrip(".")
    return host == domain or host.endswith("." + domain)
