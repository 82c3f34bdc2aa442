"""One stylesheet for the whole site, bundled from theme/css/*.css in name order.

The files are layered by their number prefix (tokens, reset, base, layout,
components, utilities, print). One file keeps first view to a single
render-blocking request; its content hash in the name lets hosts cache it for
a year and still serve a change at once.
"""

import hashlib
from pathlib import Path


def css_sources(theme):
    return sorted((Path(theme) / "css").glob("*.css"))


def bundle(theme):
    """The stylesheet's text and its fingerprinted path under the output root."""
    text = "".join(
        f"/* {path.name} */\n{path.read_text(encoding='utf-8')}\n" for path in css_sources(theme)
    )
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    return text, f"theme/css/site.{digest}.css"


def write_stylesheet(output, text, path):
    target = Path(output) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
