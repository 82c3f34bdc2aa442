"""A copy of the real content, changed by a test and built with the production
settings: how tests show what one bad (or newly filled) file does to the build.

The real content is valid, so whatever a test finds wrong comes from the files
it changed or added.
"""

import json
from pathlib import Path
import shutil

from conftest import ROOT, build_site, copy_project

PUBLISH = ROOT / "publishconf.py"
DEVELOP = ROOT / "pelicanconf.py"


def copy_content(tmp_path, files=None):
    """tmp_path/content: a copy of the repository's content/ to change, with `files`
    ({path under content/: a source file, text or bytes}) put in, replacing any there."""
    content = Path(tmp_path) / "content"
    shutil.copytree(ROOT / "content", content)
    add_files(content, files)
    return content


def add_files(content, files):
    for destination, source in (files or {}).items():
        target = content / destination
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, Path):
            shutil.copyfile(source, target)
        elif isinstance(source, bytes):
            target.write_bytes(source)
        else:
            target.write_text(source, encoding="utf-8")


def overrides(content):
    """Settings that point `invoke check`'s functions at a copy."""
    return {"PATH": str(content), "HKSMEGA": {"DATA_PATH": str(Path(content) / "data")}}


def settings_args(content, show_drafts=False):
    """Pelican's command-line arguments that point a build at a copy."""
    plugin_settings = {"DATA_PATH": str(Path(content) / "data"), "SHOW_DRAFTS": show_drafts}
    return ["-e", f"PATH={json.dumps(str(content))}", f"HKSMEGA={json.dumps(plugin_settings)}"]


def build_copy(content, output, settings="publishconf.py"):
    """Build `content` (a copy) into `output` as `invoke preview` builds the real one
    (or, with pelicanconf.py, as the dev server does)."""
    show_drafts = settings == "pelicanconf.py"
    return build_site(output, settings, *settings_args(content, show_drafts))


def project_copy(tmp_path, files=None):
    """tmp_path/project: a copy of the project, with `files` put into its content/,
    where `invoke` commands run as an editor runs them."""
    project = copy_project(Path(tmp_path) / "project")
    add_files(project / "content", files)
    return project


def built(content, output, settings="publishconf.py"):
    """`content` (a copy) built into `output` by build_copy, which must succeed."""
    result = build_copy(content, output, settings)
    assert result.returncode == 0, result.stdout + result.stderr
    return Path(output)
