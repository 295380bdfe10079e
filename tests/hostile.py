"""A corpus of hostile input, and helpers to send it through a page's forms.

Used by tests/test_hostile_input.py. Every string here must end, in every form
and query parameter, as a form error (200/400) or stored and shown inert; never a 500.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

KB = 1024

# (id, string). The ids name the test cases.
CORPUS: list[tuple[str, str]] = [
    # Script and HTML injection, in several encodings.
    ("script", "<script>alert(1)</script>"),
    ("script-upper", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>"),
    ("img-onerror", "<img src=x onerror=alert(1)>"),
    ("svg-onload", "<svg/onload=alert(1)>"),
    ("iframe", '<iframe src="javascript:alert(1)"></iframe>'),
    ("textarea-break", "</textarea><script>alert(1)</script>"),
    ("title-break", "</title><script>alert(1)</script>"),
    ("html-entities", "&lt;script&gt;alert(1)&lt;/script&gt; &#60;script&#62;"),
    ("percent-encoded", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    ("js-escaped", "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"),
    ("fullwidth-brackets", "＜script＞alert(1)＜/script＞"),
    ("markdown-link", "[click](javascript:alert(1)) ![x](javascript:alert(1)) <a href=javascript:alert(1)>a</a>"),
    ("markdown-html", '<div onclick="alert(1)">x</div>\n\n<details open ontoggle=alert(1)>'),
    # Attribute-breaking quotes.
    ("double-quote", '" onmouseover="alert(1)" x="'),
    ("single-quote", "' autofocus onfocus='alert(1)"),
    ("backtick", "`onmouseover=alert(1)`"),
    ("json-break", "\"}]}'); alert(1); //"),
    # URLs that are not web pages.
    ("javascript-url", "javascript:alert(document.cookie)"),
    ("javascript-url-mixed", " JaVaScRiPt:alert(1)"),
    ("data-url", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    ("vbscript-url", "vbscript:msgbox(1)"),
    # SQL-looking text.
    ("sql-or", "' OR '1'='1' --"),
    ("sql-drop", "Robert'); DROP TABLE accounts_user;--"),
    ("sql-like", "100%_\\%"),
    # Format strings and template syntax.
    ("format-percent", "%s %d %(name)s %n %x"),
    ("format-brace", "{0} {name} {0.__class__.__mro__}"),
    ("template", "{{7*7}} {% debug %} {{ request.user.password }} ${7*7} #{7*7}"),
    # Unicode tricks.
    ("rtl-override", "\u202egnp.exe\u202c \u202d"),
    ("zero-width", "zero\u200bwidth\u200c\u200d\ufeffjoiner"),
    ("combining-storm", "Z" + "\u0336\u0337\u0338\u0301\u0300" * 200),
    ("emoji-zwj", "👩‍👩‍👧‍👦🏳️‍🌈" * 20),
    ("astral", "𝕳𝖔𝖘𝖕𝖎𝖙𝖆𝖑 \U0010ffff"),
    ("lone-surrogate-escape", "\\ud800"),
    # Size.
    ("100kb", "A" * (100 * KB)),
    ("100kb-markup", "<b>" * (100 * KB // 3)),
    # NUL and control characters.
    ("nul", "before\x00after"),
    ("controls", "bell\x07 back\x08 esc\x1b[31m vt\x0b ff\x0c del\x7f"),
    ("crlf", "line one\r\nline two\r\n"),
    ("header-injection", "x\r\nSet-Cookie: evil=1\r\n\r\n<script>alert(1)</script>"),
    ("noncharacter", "\ufffe\uffff"),
]

HOSTILE = dict(CORPUS)

# Raw bytes for query strings: invalid UTF-8 and friends, percent-encoded as a browser would send them.
QUERY_STRINGS: list[tuple[str, str]] = [
    ("invalid-utf8", "%ff%fe%fd"),
    ("overlong-slash", "%c0%af"),
    ("truncated-utf8", "%e2%82"),
    ("surrogate-utf8", "%ed%a0%80"),
    ("nul", "%00"),
    ("bare-percent", "%"),
    ("bad-escape", "%zz%4"),
    ("script", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    ("long", "A" * 20_000),
]

_OWN_SCRIPT = re.compile(
    r'<script src="/static/[^"<>]*"( (defer|async))?></script>|<script[^>]*type="application/json"[^>]*>.*?</script>',
    re.DOTALL,
)


def without_own_scripts(html: str) -> str:
    return _OWN_SCRIPT.sub("", html)


_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg")


class _MarkupAudit(HTMLParser):
    """Finds markup that would run: event-handler attributes, scripts, frames, script URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "frame", "base"):
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on") or name.startswith("hx-on"):
                self.problems.append(f"{name}= handler on <{tag}>")
            if name in _URL_ATTRS and value:
                squashed = re.sub(r"[\x00-\x20]", "", value).lower()
                if squashed.startswith(_BAD_SCHEMES):
                    self.problems.append(f"{name}={value[:40]!r} on <{tag}>")

    handle_startendtag = handle_starttag


def assert_inert(body: str, value: str | None = None, *, where: str = "") -> None:
    """Nothing of the attacker's in the page can run: our own script files and JSON data only."""
    page = without_own_scripts(body)
    audit = _MarkupAudit()
    audit.feed(page)
    audit.close()
    assert not audit.problems, f"live markup in {where}: {audit.problems[:5]}"
    assert "<script" not in page.lower(), f"unescaped <script in {where}"


TEXT_TYPES = {"text", "email", "url", "search", "password", "tel", ""}


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, value) in document order
    text_names: list[str] = field(default_factory=list)  # the fields a person types into
    submit: tuple[str, str] | None = None

    def data(self, value: str | None = None, *, only: set[str] | None = None) -> dict[str, list[str]]:
        """The form as a browser would submit it, with `value` typed into its text fields."""
        out: dict[str, list[str]] = {}
        for name, default in self.fields:
            typed = value if value is not None and name in self.text_names and (only is None or name in only) else None
            out.setdefault(name, []).append(default if typed is None else typed)
        if self.submit:
            out.setdefault(self.submit[0], []).append(self.submit[1])
        return out


class _FormParser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._textarea_value: list[str] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._select_first: str | None = None
        self._option_value: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            action = a.get("action") or a.get("hx-post") or self.page_url
            self._form = Form(action=action, method=(a.get("method") or "get").lower())
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            elif kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit" and form.submit is None:
                    form.submit = (name, a.get("value", ""))
            else:
                form.fields.append((name, a.get("value", "")))
                if kind in TEXT_TYPES:
                    form.text_names.append(name)
        elif tag == "button" and name and a.get("type", "submit") == "submit" and form.submit is None:
            form.submit = (name, a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._textarea_value = name, []
        elif tag == "select" and name:
            self._select, self._select_value, self._select_first = name, None, None
        elif tag == "option" and self._select:
            value = a.get("value")
            self._option_value = value
            if value is not None:
                if self._select_first is None:
                    self._select_first = value
                if "selected" in a:
                    self._select_value = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea_value.append(data)

    def handle_endtag(self, tag):
        form = self._form
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and form is not None:
            text = "".join(self._textarea_value)
            form.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            form.text_names.append(self._textarea)
            self._textarea = None
        elif tag == "select" and self._select is not None and form is not None:
            chosen = self._select_value if self._select_value is not None else self._select_first
            if chosen is not None:
                form.fields.append((self._select, chosen))
            self._select = None


def forms_in(html: str, page_url: str) -> list[Form]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms


def same_site_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
