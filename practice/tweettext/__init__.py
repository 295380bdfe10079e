"""twitter-text 3.1.0 semantics for posts: entities, weighted length, validators.

Pure Python (no Django import), written from ``tests/data/twitter-text/RULES.md``
and checked against the official conformance files by
``tests/practice/test_conformance.py``.

* Entity indices are code points, ``[start, end)``, into the text passed in.
* ``ParseResult`` ranges are inclusive UTF-16 offsets into the text passed in,
  like the official JS ``parseTweet``, because the browser counter uses them to
  highlight the overflow in a ``<textarea>``.
* Nothing here raises on a ``str`` input (NUL, lone surrogates, 100k chars).
  URL extraction is written as a linear scan instead of one big backtracking
  regex: the upstream regex retries every start position of a long run of
  domain characters and goes quadratic on CJK text with no URL in it.

Decisions the official suite is silent on (the client must do the same):

* **CRLF.** Browsers submit ``<textarea>`` line breaks as CRLF, while the JS
  counter sees LF. The app calls :func:`normalize_newlines` before counting
  and before storing, so ``"a\\r\\nb"`` is stored as ``"a\\nb"`` and counts 3.
  :func:`parse_post` itself does not fold CRLF (neither does the official
  code), so one string gives the same numbers on client and server.
* **Bare ``©`` / ``®``** count 1, like official JS (the ``emoji`` package
  calls them emoji). A one-code-point emoji is weighed as its code point: 2
  for 😷, 1 for © and ® (weight-100 range). ``©️`` (with VS16) counts 2.
* **Emoji data** is whatever the pinned ``emoji`` package (2.16.0) knows, so
  newer sequences such as 🧑‍🧑‍🧒 count 2. Official twitter-text 3.1.0 has
  2018-era data and counts that sequence per code point (8): for such emoji
  the JS counter shows a higher count than the server uses, so the server
  never refuses what the counter allowed. ``1⃣`` (keycap, no VS16) counts 2.
  Sequences are matched with their VS16s removed and one VS16 after any code
  point belongs to the emoji (``⭐️`` counts 2, ``✌️🏻`` 2), while a stray
  zero-width joiner or a second VS16 counts 1 on its own (``❤️‍`` counts 3), as
  the official library counts them: our count is never above the official one.
* **URL length limit**: a URL is an entity (counting 23) only if its length,
  with the domain punycode-encoded and ``https://`` added when it has no
  protocol, is at most 4096 (RULES 4.4; Java does this). Official JS counts
  the protocol twice, so an http(s) URL of 4089 to 4096 characters counts 23
  here but character by character in the JS counter.
* **Domain characters** are everything except ASCII punctuation, Unicode
  spaces, the invalid characters and directional marks (RULES 4.4). Upstream
  JS forgets ``"`` and backtick in its punctuation list; we do not.
"""

from __future__ import annotations

from practice.tweettext.data import CASHTAG, HANDLE_RE, HASHTAG, MENTION, URL, Entity, ParseResult
from practice.tweettext.entities import (
    extract_cashtags,
    extract_cashtags_with_indices,
    extract_entities,
    extract_hashtags,
    extract_hashtags_with_indices,
    extract_mentions,
    extract_mentions_or_lists_with_indices,
    extract_mentions_with_indices,
    extract_reply_username,
)
from practice.tweettext.length import normalize_newlines, parse_post
from practice.tweettext.urls import extract_urls, extract_urls_with_indices
from practice.tweettext.validators import (
    is_valid_handle,
    is_valid_hashtag,
    is_valid_list,
    is_valid_tweet,
    is_valid_url,
    is_valid_username,
)

__all__ = [
    "CASHTAG",
    "HANDLE_RE",
    "HASHTAG",
    "MENTION",
    "URL",
    "Entity",
    "ParseResult",
    "extract_cashtags",
    "extract_cashtags_with_indices",
    "extract_entities",
    "extract_hashtags",
    "extract_hashtags_with_indices",
    "extract_mentions",
    "extract_mentions_or_lists_with_indices",
    "extract_mentions_with_indices",
    "extract_reply_username",
    "extract_urls",
    "extract_urls_with_indices",
    "is_valid_handle",
    "is_valid_hashtag",
    "is_valid_list",
    "is_valid_tweet",
    "is_valid_url",
    "is_valid_username",
    "normalize_newlines",
    "parse_post",
]
