"""The one allow-list of HTML an editor's Markdown may produce, and the sanitiser
that enforces it (nh3, the Python binding of the Rust `ammonia` sanitiser).

Markdown passes raw HTML through, so a text can hold anything a browser runs.
Instead of listing what is dangerous (a list that always has gaps), this lists
what may pass: the elements Markdown writes and a few more an editor may type,
their harmless attributes, and links to pages, web addresses, email and phone.

Two uses, one policy:
- `refused(html)` says what sanitising would remove or change, so that `invoke
  check` and the build fail with the file, the line and what was refused.
- `clean(html)` is what the site writes: the reader stores the cleaned body and
  summary, and the templates' `sanitised` filter (the only place that marks HTML
  safe) cleans again, so a missed message never means live markup.
"""

import difflib
import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup
from selectolax.lexbor import LexborHTMLParser

# Elements: what Python-Markdown (with `extra` and `toc`) writes, and plain
# phrasing an editor may type. No h1 (the page's title is its only h1), no
# forms, frames, media, styles, scripts, <base>, <link>, <meta> or SVG/MathML.
TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
    "ul", "ol", "li", "dl", "dt", "dd", "div",
    "a", "em", "strong", "b", "i", "s", "del", "ins", "mark", "small", "sub", "sup",
    "abbr", "kbd", "q", "cite", "time", "span",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "img", "picture", "source", "figure", "figcaption",
}
# Attributes per element; "*" applies to every element. `id` lets a link point
# at a heading (toc) or a footnote.
ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href", "hreflang"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "source": {"srcset", "sizes", "type", "media"},
    "ol": {"start", "reversed"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "time": {"datetime"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"datetime"}, "ins": {"datetime"},
}
# The classes Markdown's extensions write: footnotes, and a fenced code block's language.
CLASSES = {
    "div": {"footnote"},
    "a": {"footnote-ref", "footnote-backref"},
}
CODE_LANGUAGE = re.compile(r"^language-[a-z0-9+#-]{1,30}$")
# Where a link may lead. Relative addresses (/about/, #top) always may.
LINK_SCHEMES = {"https", "http", "mailto", "tel"}
# What a page may load (src, srcset): files of this site only, since the
# Content Security Policy (headers.py) lets the browser fetch nothing else.
LOADING_ATTRIBUTES = {"src", "srcset"}


def addresses(attribute, value):
    """The addresses a src (one) or srcset ("a.jpg 1x, b.jpg 2x": each) loads."""
    if attribute == "srcset":
        return [part.split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


def on_this_site(address):
    """Whether a browser would fetch `address` from this site: it drops tabs and line
    breaks and reads a backslash as a slash, so "/\\evil.example" is another host."""
    cleaned = re.sub(r"[\t\n\r]", "", address).strip().replace("\\", "/")
    parts = urlsplit(cleaned)
    return not parts.scheme and not parts.netloc


def keep_attribute(tag, attribute, value):
    """nh3's attribute filter: None drops the attribute."""
    if attribute in LOADING_ATTRIBUTES and not all(map(on_this_site, addresses(attribute, value))):
        return None
    if attribute == "class" and tag == "code":
        return value if CODE_LANGUAGE.match(value) else None
    return value


CLEANER = nh3.Cleaner(
    tags=TAGS,
    # An element that is not allowed goes with its content when its content is
    # code or hidden text, not something a reader was meant to read.
    clean_content_tags={"script", "style", "template", "noscript", "textarea", "xmp",
                        "iframe", "noembed", "noframes", "plaintext", "title", "svg", "math",
                        "object", "embed", "select"},
    attributes={**ATTRIBUTES, "code": {"class"}},
    attribute_filter=keep_attribute,
    allowed_classes=CLASSES,
    url_schemes=LINK_SCHEMES,
    link_rel=None,  # rel="noopener" is the browsers' default for links today
    strip_comments=True,
)


@functools.lru_cache(maxsize=1024)
def clean(html):
    """`html` with everything the allow-list does not name taken out. Remembered: the
    reader cleans a page's HTML, and its template cleans it again when it writes it,
    as do the lists that show its summary."""
    return CLEANER.clean(html)


def sanitised(html):
    """The templates' filter for the Markdown body and summaries: the only
    place that marks HTML safe, and it cleans before it does."""
    return Markup(clean(str(html or "")))


# What sanitising changed, for the messages of `invoke check` and the build.

@dataclass(frozen=True)
class Refusal:
    """Something in the HTML the allow-list does not let through.

    kind: "element" (<meta>), "attribute" (style= on <span>), "address" (a
    value of href/src that leads or loads elsewhere), "comment" (one never
    closed, which hides the rest of the text), "text" (the browser would read
    the text differently from how it looks: a parser trick).
    """

    kind: str
    tag: str
    attribute: str = ""
    value: str = ""

    def __str__(self):
        if self.kind == "element":
            return f"<{self.tag}>"
        if self.kind == "attribute":
            return f"{self.attribute}= in <{self.tag}>"
        if self.kind == "address":
            return f"{self.value} in <{self.tag}>"
        if self.kind == "comment":
            return "<!-- with no --> to close it"
        return f"text that a browser would read as HTML: {self.value!r}"


class _Tokens(HTMLParser):
    """An HTML fragment as a list of (start tag, attributes) and text, comments left out."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tokens = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("start", tag, tuple(sorted((n, v or "") for n, v in attrs))))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if data.strip():
            if self.tokens and self.tokens[-1][0] == "text":
                data = self.tokens.pop()[1] + data
            self.tokens.append(("text", " ".join(data.split())))


def same_document(html, other):
    """Whether two fragments are the same document once parsed (lexbor): what most
    texts are after cleaning, which spares the slower comparison below."""
    return (LexborHTMLParser(html).html == LexborHTMLParser(other).html
            and "<!--" not in html)


def refused(html):
    """What `clean` would take out of `html` or change, in document order."""
    cleaned = clean(html)
    if same_document(html, cleaned):
        return []
    before, after = _Tokens(html).tokens, _Tokens(cleaned).tokens
    opened = html.rfind("<!--")
    if opened >= 0 and "-->" not in html[opened + 4:]:
        return [Refusal("comment", "")]  # it swallows the rest: nothing else to say
    found = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, start, end, other_start, other_end in matcher.get_opcodes():
        if operation in ("equal", "insert"):
            continue  # an end tag or <tbody> the parser added changes nothing
        kept = {token[1]: dict(token[2]) for token in after[other_start:other_end]
                if token[0] == "start"}
        here = []
        for token in before[start:end]:
            if token[0] == "start":
                here += _refusals_in(token, kept)
        # Text changes on its own only where the browser would read it as markup.
        texts = [token[1] for token in before[start:end] if token[0] == "text"]
        if not here and texts:
            here.append(Refusal("text", "", value=" ".join(texts)[:80]))
        found += here
    return found


def _refusals_in(token, kept):
    _, tag, attributes = token
    if tag not in kept:
        return [Refusal("element", tag)]
    refusals = []
    for name, value in attributes:
        if kept[tag].get(name) == value:
            continue
        kind = "address" if name in LOADING_ATTRIBUTES or name == "href" else "attribute"
        refusals.append(Refusal(kind, tag, name, value))
    return refusals


def add_template_filter(generator):
    # `{{ article.content | sanitised }}`: the one way a template writes HTML.
    generator.env.filters["sanitised"] = sanitised
