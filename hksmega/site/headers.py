"""The site's security headers, defined once.

They are written to `_headers` in the output (the file Netlify and Cloudflare
Pages read) and the Content Security Policy also goes into every page as a
<meta> tag for hosts that cannot send headers (GitHub Pages). The policy
allows nothing from other hosts and no inline script; 'wasm-unsafe-eval' lets
Pagefind's WebAssembly search run, and nothing else needs more.
"""

from pathlib import Path

from hksmega.plugin import settings

CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Browsers ignore these in a <meta> policy (and say so in the console).
HEADER_ONLY_DIRECTIVES = {"frame-ancestors"}

REFERRER_POLICY = "strict-origin-when-cross-origin"
# Powerful features the site never uses, off for every page and anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in ("accelerometer", "camera", "geolocation", "gyroscope", "magnetometer",
                    "microphone", "payment", "usb")
)

# Files whose name carries their content hash (hksmega/site/stylesheet.py) never change.
IMMUTABLE_PATHS = ["/theme/css/*"]


def content_security_policy(for_meta=False):
    return "; ".join(
        f"{directive} {' '.join(sources)}"
        for directive, sources in CONTENT_SECURITY_POLICY.items()
        if not (for_meta and directive in HEADER_ONLY_DIRECTIVES)
    )


def security_headers():
    return {
        "Content-Security-Policy": content_security_policy(),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": REFERRER_POLICY,
        "Permissions-Policy": PERMISSIONS_POLICY,
    }


def render_headers_file():
    """`_headers` in the Netlify / Cloudflare Pages format: a path, then indented headers."""
    lines = ["/*"]
    lines += [f"  {name}: {value}" for name, value in security_headers().items()]
    for path in IMMUTABLE_PATHS:
        lines += [path, "  Cache-Control: public, max-age=31536000, immutable"]
    return "\n".join(lines) + "\n"


def add_policy_to_context(generator):
    with_meta = settings.get(generator.settings, "CSP_META_TAG")
    generator.context["CONTENT_SECURITY_POLICY"] = (
        content_security_policy(for_meta=True) if with_meta else "")
    generator.context["REFERRER_POLICY"] = REFERRER_POLICY


def write_headers_file(output):
    Path(output, "_headers").write_text(render_headers_file(), encoding="utf-8")
