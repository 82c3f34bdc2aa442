"""Every UI string in the theme goes through gettext (`{{ _("Home") }}`).

Catalogues live in theme/translations/<lang>/LC_MESSAGES/messages.mo; until one
exists for a language, the English string in the template is shown.

Jinja marks what gettext returns as safe HTML (it trusts the catalogue), so
`_(label)` with a label from settings or a field would write raw markup. Here
every string gettext returns is escaped first: placeholders still take the
Markup that macros give them (`_("Since %(year)s", year=date(start))`).
"""

import gettext
from pathlib import Path

from markupsafe import escape


def install_translations(generator):
    env = generator.env
    if not hasattr(env, "install_gettext_callables"):
        return  # JINJA_ENVIRONMENT lacks jinja2.ext.i18n; templates will say so
    folder = Path(generator.theme) / "translations"
    lang = generator.settings.get("DEFAULT_LANG", "en")
    translations = gettext.translation(
        "messages", localedir=str(folder), languages=[lang], fallback=True
    )
    env.install_gettext_callables(
        lambda message: escape(translations.gettext(message)),
        lambda singular, plural, n: escape(translations.ngettext(singular, plural, n)),
        newstyle=True,
    )
