"""YAML read strictly, remembering where each field was written.

Front matter and content/data/*.yaml both come through here, so an error can
name the line an editor has to fix. Mappings come back as `Fields` (a dict
that also knows the line of each key) and lists as `Items` (a list that knows
the line of each item). Two deliberate differences from yaml.safe_load:

- Dates stay text. `start: 2005-13-01` then reaches our own date checks and is
  reported with its field, instead of failing inside PyYAML; and a date is
  never turned into a datetime behind the editor's back.
- A field written twice is an error. PyYAML would quietly keep the last one.
"""

from pathlib import Path

import yaml

from hksmega.problems import ContentError, Problem


class Fields(dict):
    """A YAML mapping; `line` is where it starts, `lines[key]` where each key is."""

    line = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = {}

    def line_of(self, key):
        return self.lines.get(key, self.line)


class Items(list):
    """A YAML sequence; `line` is where it starts, `lines[i]` where item i is."""

    line = None

    def __init__(self, *args):
        super().__init__(*args)
        self.lines = []

    def line_of(self, index):
        return self.lines[index] if index < len(self.lines) else self.line


class DuplicateField(yaml.YAMLError):
    def __init__(self, key, first, second):
        super().__init__(f"{key!r} twice")
        self.key, self.first, self.second = key, first, second


class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when installed
    """SafeLoader whose mappings and lists know their lines, and whose dates stay text."""


LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_fields(loader, node):
    fields = Fields()
    fields.line = node.start_mark.line + 1
    yield fields
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in fields.lines:
            raise DuplicateField(key, fields.lines[key], line)
        fields.lines[key] = line
        fields[key] = loader.construct_object(value_node, deep=True)


def _construct_items(loader, node):
    items = Items()
    items.line = node.start_mark.line + 1
    yield items
    items.extend(loader.construct_object(child, deep=True) for child in node.value)
    items.lines = [child.start_mark.line + 1 for child in node.value]


LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_fields)
LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_items)


def read_text(path, data=None):
    """A content or data file's text (from `data`, its bytes, when already read);
    ContentError naming the line if it is not UTF-8."""
    data = Path(path).read_bytes() if data is None else data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ContentError([Problem(
            str(path), line, "", "text saved as UTF-8 (choose UTF-8 when you save the file)",
            f"a byte that is not UTF-8 (0x{data[error.start]:02x})")]) from error
    return text.removeprefix("\ufeff")  # the byte-order mark some Windows editors add


# What YAML says, and what an editor needs to hear instead.
COLON_IN_VALUE = ("a colon and a space inside a value: put the whole value in double quotes, "
                  'such as title: "Seminar 2026: Selling online"')
FRIENDLIER = {  # PyYAML's words, and libyaml's
    "mapping values are not allowed here": COLON_IN_VALUE,
    "mapping values are not allowed in this context": COLON_IN_VALUE,
}


def parse(text, path, first_line=1):
    """The YAML value of `text`; line numbers count from `first_line` (its line in the file).

    Raises ContentError naming the file and line when the YAML is not valid.
    """
    try:
        value = yaml.load(text, Loader=LineLoader)  # noqa: S506 (LineLoader is a SafeLoader)
    except DuplicateField as error:
        raise ContentError([Problem(
            str(path), error.second + first_line - 1, str(error.key), "each field once",
            f"{error.key} on line {error.first + first_line - 1} and again on line "
            f"{error.second + first_line - 1}")]) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = FRIENDLIER.get(getattr(error, "problem", None)) or getattr(
            error, "problem", None) or str(error)
        reason = reason.removeprefix("found ")  # the message says "found" already
        raise ContentError([Problem(
            str(path), mark.line + first_line if mark else first_line, "",
            "valid YAML (field: value)", reason)]) from error
    if first_line != 1:
        _shift(value, first_line - 1)
    return value


def _shift(value, offset, seen=None):
    """Make line numbers count from the top of the file, not the top of the YAML text."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return  # a YAML alias: the same object again, already shifted
    seen.add(id(value))
    if isinstance(value, Fields):
        value.line += offset
        value.lines = {key: line + offset for key, line in value.lines.items()}
        children = value.values()
    elif isinstance(value, Items):
        value.line += offset
        value.lines = [line + offset for line in value.lines]
        children = value
    else:
        return
    for child in children:
        _shift(child, offset, seen)
