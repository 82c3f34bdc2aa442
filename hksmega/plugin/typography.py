"""Typographic quotes, apostrophes and dashes in text that is not Markdown (titles).

The body of every page goes through Python-Markdown's "smarty" extension
(pelicanconf.py, MARKDOWN), so "Hong Kong's" reads "Hong Kong’s" there; a
title would keep the straight apostrophe, and the same words would look
different in the heading and the text under it. smart_text() gives a title the
same treatment, with the same extension and its settings, and nothing else of
Markdown: no emphasis, links, lists, headings or HTML. What it returns is
plain Unicode text, not HTML (no entities, no markup), which templates escape
like any other text.
"""

import functools
import html
import json
import re

from markdown import Markdown

SMARTY = "markdown.extensions.smarty"
# Markdown's block processors that would read a title such as "1. First" or
# "# Notes" as a list or a heading; a title is one paragraph of text.
BLOCKS = ("indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist", "quote",
          "reference")


# What smarty changes: quotes, apostrophes, dashes, ellipses, << and >>.
SMARTY_SIGNS = re.compile(r"['\"]|--|\.\.\.|<<|>>")


def text_converter(markdown_settings):
    """A converter that applies only smarty, configured as the site configures it; made
    once per configuration, as a Markdown instance costs more to make than a title
    costs to convert."""
    configs = markdown_settings.get("extension_configs", {})
    return _converter(json.dumps(configs.get(SMARTY, {}), sort_keys=True))


@functools.lru_cache(maxsize=4)
def _converter(smarty_config):
    configs = {SMARTY: json.loads(smarty_config)}
    converter = Markdown(extensions=[SMARTY], extension_configs=configs)
    converter.preprocessors.deregister("html_block")  # "<b>" in a title is text
    for name in BLOCKS:
        converter.parser.blockprocessors.deregister(name)
    # Markdown's inline syntax (emphasis, links, code, entities) is one tree
    # processor; smarty's substitutions are another, which stays.
    converter.treeprocessors.deregister("inline")
    return converter


def smart_text(text, converter):
    """`text` with typographic quotes, apostrophes, dashes and ellipses, as plain text."""
    if not text.strip():
        return text
    if not SMARTY_SIGNS.search(text):
        return " ".join(text.split())  # nothing smarty would change: spare the conversion
    # One line, one paragraph: a title folded over lines in YAML is still one title.
    # "&" as "&amp;" first: Markdown keeps an "&lt;" the editor typed as it is, and
    # the unescape below would turn it into "<"; this way it comes back as typed.
    converted = converter.reset().convert(" ".join(text.replace("&", "&amp;").split())).strip()
    converted = converted.removeprefix("<p>").removesuffix("</p>")
    # What is left is text with characters escaped (&amp;, &lt;) and smarty's
    # entities (&rsquo;): unescaped, it is the text itself, typeset.
    return html.unescape(converted)


def typeset_title(content):
    """content_object_init: a page's, news item's or event's title, typeset."""
    title = getattr(content, "title", None)
    if isinstance(title, str):
        content.title = smart_text(title, text_converter(content.settings["MARKDOWN"]))
        content.metadata["title"] = content.title
