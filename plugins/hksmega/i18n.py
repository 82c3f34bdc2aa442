"""Every UI string in the theme goes through gettext (`{{ _("Home") }}`).

Catalogues live in theme/translations/<lang>/LC_MESSAGES/messages.mo; until one
exists for a language, the English string in the template is shown.
"""

import gettext
from pathlib import Path


def install_translations(generator):
    env = generator.env
    if not hasattr(env, "install_gettext_translations"):
        return  # JINJA_ENVIRONMENT lacks jinja2.ext.i18n; templates will say so
    folder = Path(generator.theme) / "translations"
    lang = generator.settings.get("DEFAULT_LANG", "en")
    translations = gettext.translation(
        "messages", localedir=str(folder), languages=[lang], fallback=True
    )
    env.install_gettext_translations(translations, newstyle=True)
