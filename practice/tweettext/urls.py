"""URL extraction: a linear left-to-right scan that finds what upstream's one big regex finds.

Upstream's regex retries every start position of a long run of domain characters and goes quadratic
on CJK text with no URL in it; the scan below finds each chain of dotted tokens once and precomputes
where its domains can end, so no character is looked at more than a constant number of times.
"""

from __future__ import annotations

import regex

from practice.tweettext.data import (
    _NOT_DOMAIN,
    _PROTOCOL_RE,
    CYRILLIC,
    INVALID,
    LATIN_ACCENTS,
    URL,
    Entity,
    _str,
    _tlds,
    _utf16_len,
)

# --- URLs -----------------------------------------------------------------------
# A "token" is a run of domain characters plus "-" and "_"; labels live inside
# tokens, and a domain is a chain of tokens joined by single dots.
_TOKEN = rf"[^!\"#$%&'()*+,./:;<=>?@\[\\\]^`{{|}}~{_NOT_DOMAIN}]"
# A chain starts only where a token starts: without the look-behind a search would
# retry from every character of a long undotted run ("aaa…a ."), rescanning the rest
# of the run each time. Possessive, since "." is never a token char and giving back
# part of a token cannot help a match. Each character is read once as a candidate
# start and once inside a token.
_CHAIN_RE = regex.compile(rf"(?<!{_TOKEN}){_TOKEN}++(?:\.{_TOKEN}++)++")
# Characters that may not precede a URL (so no URL inside @user, #tag, $tag).
_URL_BAD_BEFORE_RE = regex.compile(rf"[A-Za-z0-9@＠$#＃{INVALID}]")
# First char of a domain inside a token: not "-"/"_", and a valid preceding char.
_URL_START_RE = regex.compile(rf"(?:^|(?<=[^A-Za-z0-9@＠$#＃{INVALID}]))[^\-_]")
_ASCII_RUN_RE = regex.compile(r"[0-9A-Za-z\-]*")
_TLD_BAD_NEXT_RE = regex.compile(r"[0-9A-Za-z@+\-]")  # a TLD may not be followed by these
_ASCII_LABEL_CLASS = rf"A-Za-z0-9\-{LATIN_ACCENTS}"
_ASCII_LABEL_RE = regex.compile(rf"[{_ASCII_LABEL_CLASS}]+")
_ASCII_LABEL_TAIL_RE = regex.compile(rf"[{_ASCII_LABEL_CLASS}]*\Z")
_ASCII_DOMAIN_RE = regex.compile(rf"[{_ASCII_LABEL_CLASS}.]+")
_PATH_CHAR = rf"[A-Za-z{CYRILLIC}0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{LATIN_ACCENTS}]"
# Path chars with balanced parens (one nesting level); possessive, so linear.
_PATH_RE = regex.compile(
    rf"/(?:{_PATH_CHAR}++|\((?:{_PATH_CHAR}++|{_PATH_CHAR}*+\({_PATH_CHAR}++\)"
    rf"{_PATH_CHAR}*+)\))*+"
)
_PATH_NOT_ENDING = "!*';:,.$%[]\u2013~@|&"  # path chars a URL may not end with
_QUERY_RE = regex.compile(r"\?[A-Za-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*+")
_QUERY_NOT_ENDING = "!?*'@();:+$%[].,~|"  # query chars a URL may not end with
_PORT_RE = regex.compile(r":[0-9]+")
_TCO_SLUG_RE = regex.compile(r"[A-Za-z0-9]+")
_MAX_URL_LENGTH = 4096
_MAX_TCO_SLUG_LENGTH = 40


# --- URLs ----------------------------------------------------------------------------
def _tld_length(label: str, after: str) -> int:
    """Length of the TLD that `label` starts with (0 if none), in upstream's order.

    `label` is the text from the TLD's position up to the next "." or
    non-domain char; `after` is the char after it ("" at the end).
    """
    if not label:
        return 0
    gtld, cctld, g_other, c_other = _tlds()
    run: int = _ASCII_RUN_RE.match(label).end()
    # The char after an ASCII run is already outside [0-9A-Za-z-].
    ascii_ok = run > 0 and (label[run] if run < len(label) else after) not in ("@", "+")
    cand = label[:run].lower()
    for ascii_set, other in ((gtld, g_other), (cctld, c_other)):
        for tld in other.get(label[0].lower(), ()):
            if label[: len(tld)].lower() == tld:
                nxt = label[len(tld)] if len(tld) < len(label) else after
                if not _TLD_BAD_NEXT_RE.match(nxt):
                    return len(tld)
        if ascii_ok and cand in ascii_set:
            return run
    # Upstream has no lookahead after a punycode TLD, so "@" and "+" may follow.
    if run > 4 and cand.startswith("xn--"):
        return run
    return 0


class _Chain:
    """Tokens (t0 . t1 ... tk) joined by single dots: where domains can be.

    Upstream's domain regex is `subdomain* domainname TLD`, tried greedily: as
    many subdomain labels as possible ("_" allowed inside), then it backs off
    one label at a time until a domain-name label (no "_") is followed by a
    label that starts with a TLD. A domain starting in token j therefore ends
    in the TLD after the *last* good domain-name token q > j reachable through
    valid subdomains (s1[j]), or else, if tj itself is the domain name, in the
    TLD at the start of t(j+1) (s0[j]). Precomputing both per token makes each
    start O(1), where the regex rescans the chain for every start position.
    """

    __slots__ = ("ends", "k", "last_us", "s0", "s1", "starts", "tld")

    def __init__(self, text: str, m: regex.Match[str], tld_cache: dict[tuple[str, str], int]) -> None:
        tokens: list[str] = m.group().split(".")
        k = len(tokens) - 1
        starts: list[int] = []
        ends: list[int] = []
        pos: int = m.start()
        for token in tokens:
            starts.append(pos)
            pos += len(token)
            ends.append(pos)
            pos += 1
        after = text[ends[k]] if ends[k] < len(text) else ""
        tld = [0] * (k + 1)
        for i in range(1, k + 1):
            key = (tokens[i], "." if i < k else after)
            if key not in tld_cache:  # hostile input repeats the same label a lot
                tld_cache[key] = _tld_length(*key)
            tld[i] = tld_cache[key]
        ends_ok = [t[-1] not in "-_" for t in tokens]
        self.s0 = [ends_ok[j] and tld[j + 1] > 0 for j in range(k)]
        self.last_us = [text.rfind("_", starts[j], ends[j]) if "_" in tokens[j] else -1 for j in range(k)]
        self.s1 = [-1] * k
        if k > 1:  # with one dot there is no subdomain to back off from
            sub_run_end = [k + 1] * (k + 2)  # first index >= i that is not a subdomain
            for i in range(k, 0, -1):
                sub_ok = ends_ok[i] and tokens[i][0] not in "-_"
                sub_run_end[i] = sub_run_end[i + 1] if sub_ok else i
            best, best_upto = -1, []  # best_upto[x]: largest q <= x with ok[q]
            for i in range(k):
                name_ok = ends_ok[i] and tokens[i][0] not in "-_" and "_" not in tokens[i]
                best = i if name_ok and tld[i + 1] else best
                best_upto.append(best)
            for j in range(k - 1):
                hi = min(sub_run_end[j + 1], k - 1)
                q = best_upto[hi] if ends_ok[j] else -1
                self.s1[j] = q if q > j else -1
        self.starts, self.ends, self.k, self.tld = starts, ends, k, tld

    def domain_end(self, j: int, start: int) -> int | None:
        """End of the domain beginning at `start` (in token j), or None."""
        q = self.s1[j]
        if q >= 0:
            return self.starts[q + 1] + self.tld[q + 1]
        if self.s0[j] and self.last_us[j] < start:
            return self.starts[j + 1] + self.tld[j + 1]
        return None

    def first_start(self, text: str, j: int, lo: int) -> int | None:
        """First position >= lo in token j where a domain match begins.

        It must be a domain char after a valid preceding char; with only the
        s0 form it must also come after the token's last "_".
        """
        floor = max(lo, self.starts[j])
        if self.s1[j] < 0:
            if not self.s0[j]:
                return None
            floor = max(floor, self.last_us[j] + 1)
        m = _URL_START_RE.search(text, floor, self.ends[j])
        return m.start() if m else None


def _ascii_domain_length(domain: str) -> int | None:
    """Length of the domain with non-ASCII labels punycode-encoded, or None.

    Each label must be 1-63 characters once encoded; "xn--" labels are already
    punycode and must be ASCII ("xn--はじめよう.com" is not a URL).
    """
    total = -1
    for label in domain.split("."):
        if label.isascii():
            size = len(label)
        elif label[:4].lower() == "xn--" or len(label) > 63:
            return None  # an encoded label is never shorter than its source
        else:
            try:
                size = 4 + len(label.encode("punycode"))
            except (UnicodeError, ValueError):
                return None
        if not 1 <= size <= 63:
            return None
        total += size + 1
    return total


def _ascii_domains(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ASCII/latin-accent domains inside text[start:end] (no protocol).

    Mirrors upstream's `(?:[a-z0-9-À-ɏ…]+\\.)+TLD` run over the domain: from a
    label it takes as many labels as possible and backs off to the rightmost
    TLD. A failure means every later start before that point fails too.
    """
    pieces, pos = [], start
    for piece in text[start:end].split("."):
        pieces.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    k, found, prev, i = len(pieces) - 1, [], start, 0
    while i < k:
        ps, pe = pieces[i]
        run_start = max(_ASCII_LABEL_TAIL_RE.search(text, ps, pe).start(), prev)
        if run_start >= pe:
            i += 1
            continue
        last = i + 1  # pieces i+1..last can hold the TLD
        while last < k and _ASCII_LABEL_RE.fullmatch(text, *pieces[last]):
            last += 1
        for x in range(last, i, -1):
            size = _tld_length(text[slice(*pieces[x])], "." if x < k else "")
            if size:
                prev = pieces[x][0] + size
                found.append((run_start, prev))
                i = x
                break
        else:
            i = last
    return found


def extract_urls_with_indices(text: str, extract_without_protocol: bool = True) -> list[Entity]:
    """URLs as upstream finds them, scanning left to right.

    Upstream is one regex, `(preceding char)(protocol? domain port? path? query?)`,
    with each match checked afterwards. A rejected match still consumes its
    text, and the next URL's preceding char must come after it; we keep both.
    """
    text = _str(text)
    if "." not in text:
        return []
    n = len(text)
    tld_cache: dict[tuple[str, str], int] = {}
    chains = [_Chain(text, m, tld_cache) for m in _CHAIN_RE.finditer(text)]
    chain_at = {c.starts[0]: c for c in chains}
    tokens = [(c, j) for c in chains for j in range(c.k)]  # tokens followed by "."
    protocols = [(m.start(), m.end()) for m in _PROTOCOL_RE.finditer(text)]
    urls: list[Entity] = []

    def attempt(p: int, d: int, has_protocol: bool, chain: _Chain, j: int) -> int | None:
        """Match at p (domain at d); record URLs; return the consumed end."""
        dom_end = chain.domain_end(j, d)
        if dom_end is None:
            return None
        end = dom_end
        port = _PORT_RE.match(text, end)
        if port:
            end = port.end()
        has_path = end < n and text[end] == "/"
        if has_path:
            region = text[end + 1 : _PATH_RE.match(text, end).end()]
            end += 1 + len(region.rstrip(_PATH_NOT_ENDING))
        if end < n and text[end] == "?":
            query = text[end + 1 : _QUERY_RE.match(text, end).end()].rstrip(_QUERY_NOT_ENDING)
            if query:  # "?" needs at least one char that may end a query
                end += 1 + len(query)
        domain = text[d:dom_end]
        ascii_len = _ascii_domain_length(domain)
        if ascii_len is None:
            return end
        length = _utf16_len(text[p:end]) - _utf16_len(domain) + ascii_len
        if length + (0 if has_protocol else len("https://")) > _MAX_URL_LENGTH:
            return end
        if has_protocol:
            url_end = end
            if domain.lower() == "t.co" and text.startswith("/", dom_end):
                # t.co/slug: the URL stops after the slug (plus an optional query).
                slug = _TCO_SLUG_RE.match(text, dom_end + 1, end)
                if slug:
                    if slug.end() - slug.start() > _MAX_TCO_SLUG_LENGTH:
                        return end
                    url_end = slug.end()
                    if url_end < end and text[url_end] == "?":
                        query_end = _QUERY_RE.match(text, url_end, end).end()
                        query = text[url_end + 1 : query_end].rstrip(_QUERY_NOT_ENDING)
                        if query:
                            url_end += 1 + len(query)
            urls.append(Entity(URL, text[p:url_end], p, url_end))
            return end
        if not extract_without_protocol or (p > 0 and text[p - 1] in "-_./"):
            return end
        # Without a protocol only the ASCII/latin part of the domain is kept
        # ("日本語example.com" gives example.com); the last one gets the path.
        # All labels ASCII/latin: the sweep would keep the whole domain anyway.
        whole = _ASCII_DOMAIN_RE.fullmatch(text, d, dom_end)
        spans = [(d, dom_end)] if whole else _ascii_domains(text, d, dom_end)
        if spans and has_path:
            spans[-1] = (spans[-1][0], end)
        urls.extend(Entity(URL, text[s:e], s, e) for s, e in spans)
        return end

    def try_protocol(p: int, proto_end: int) -> int | None:
        chain = chain_at.get(proto_end)
        if chain is None or text[proto_end] in "-_":
            return None
        return attempt(p, proto_end, True, chain, 0)

    def try_exact(p: int) -> int | None:
        for start, proto_end in protocols:
            if start == p:
                return try_protocol(p, proto_end)
        for chain, j in tokens:
            if chain.starts[j] <= p < chain.ends[j]:
                if chain.first_start(text, j, p) == p:
                    return attempt(p, p, False, chain, j)
                return None
        return None

    lo = 0  # smallest allowed start: the preceding char must follow the last match
    # Upstream tries "text[0] as the preceding char, URL at 1" before "URL at 0".
    if n > 1 and not _URL_BAD_BEFORE_RE.match(text, 0):
        consumed = try_exact(1)
        if consumed is not None:
            lo = consumed + 1
    pi = ti = 0
    while True:
        while pi < len(protocols) and (
            protocols[pi][0] < lo or (protocols[pi][0] > 0 and _URL_BAD_BEFORE_RE.match(text, protocols[pi][0] - 1))
        ):
            pi += 1
        proto_pos = protocols[pi][0] if pi < len(protocols) else n + 1
        token_pos = n + 1
        while ti < len(tokens):
            chain, j = tokens[ti]
            if chain.ends[j] <= lo:
                ti += 1
                continue
            if chain.starts[j] >= proto_pos:
                break
            found = chain.first_start(text, j, lo)
            if found is None:
                ti += 1
                continue
            token_pos = found
            break
        if proto_pos > n and token_pos > n:
            return urls
        if proto_pos < token_pos:
            pi += 1
            consumed = try_protocol(proto_pos, protocols[pi - 1][1])
            if consumed is None:
                continue  # no match at all here: nothing is consumed
        else:
            chain, j = tokens[ti]
            consumed = attempt(token_pos, token_pos, False, chain, j)
            assert consumed is not None  # first_start() found a domain start, so the domain matches
        lo = consumed + 1


def extract_urls(text: str) -> list[str]:
    return [e.value for e in extract_urls_with_indices(text)]
