"""`invoke translations`: the UI strings' catalogues, kept in step with the templates.

Babel extracts every `_("...")` of the theme and the package (babel.cfg) into
theme/translations/messages.pot, updates each hand-translated language's .po
from it (a new string comes in untranslated; a changed one is marked fuzzy),
and reports what is left to translate. The build compiles the .po files itself
(plugin/i18n.py): no .mo file is kept in the repository. Simplified Chinese has
no catalogue: it is the Traditional one, converted.
"""

import io
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import CommandLineInterface, parse_mapping_cfg
from babel.messages.pofile import read_po

from hksmega import languages
from hksmega.plugin.i18n import catalogue_path

TEMPLATE = Path("theme/translations/messages.pot")


def extracted_messages(root):
    """{message ID: first place it is used} as Babel finds them now (babel.cfg)."""
    root = Path(root)
    with open(root / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = {}
    for filename, line, message, _, _ in extract_from_dir(str(root), method_map, options_map):
        key = message[0] if isinstance(message, tuple) else message
        found.setdefault(key, f"{filename}:{line}")
    return found


def left_to_translate(root, code):
    """[(message ID, where it is used)] that `code`'s catalogue does not translate yet
    (missing, empty or fuzzy), of the strings the theme uses now."""
    path = catalogue_path(Path(root) / "theme", code)
    translated = {}
    if path.is_file():
        with open(path, "rb") as po:
            for message in read_po(po):
                string = message.string
                done = all(string) if isinstance(string, tuple) else bool(string)
                if message.id and done and not message.fuzzy:
                    translated[message.id if isinstance(message.id, str) else message.id[0]] = 1
    return [(message, where) for message, where in extracted_messages(root).items()
            if message not in translated]


def update(root):
    """Extract, update each catalogue, and return {language code: what is left to do}."""
    root = Path(root)
    pybabel = CommandLineInterface()
    pybabel.run(["pybabel", "-q", "extract", "-F", str(root / "babel.cfg"), "--no-location",
                 "--sort-output", "--omit-header", "-o", str(root / TEMPLATE), str(root)])
    for language in languages.TRANSLATED:
        po = catalogue_path(root / "theme", language.code)
        command = "update" if po.is_file() else "init"
        pybabel.run(["pybabel", "-q", command, "-i", str(root / TEMPLATE),
                     "-d", str(po.parents[2]), "-l", language.locale]
                    + (["--no-fuzzy-matching"] if command == "update" else []))
    return {language.code: left_to_translate(root, language.code)
            for language in languages.TRANSLATED}


def report(left):
    lines = io.StringIO()
    for code, messages in left.items():
        name = languages.BY_CODE[code].name
        if not messages:
            print(f"{name} ({code}): every UI string is translated.", file=lines)
            continue
        print(f"{name} ({code}): {len(messages)} UI string(s) to translate in "
              f"{catalogue_path(Path('theme'), code)}:", file=lines)
        for message, where in messages:
            print(f"  {message!r} ({where})", file=lines)
    return lines.getvalue()
