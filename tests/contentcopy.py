"""A copy of the real content, changed by a test and built with the production
settings: how tests show what one bad (or newly filled) file does to the build."""

import json
from pathlib import Path
import shutil

from conftest import ROOT, build_site


def copy_content(tmp_path):
    """tmp_path/content: a copy of the repository's content/ to change."""
    content = Path(tmp_path) / "content"
    shutil.copytree(ROOT / "content", content)
    return content


def build_copy(content, output):
    """Build `content` (a copy) into `output` as `invoke preview` builds the real one."""
    plugin_settings = {"DATA_PATH": str(Path(content) / "data"), "SHOW_DRAFTS": False}
    return build_site(output, "publishconf.py",
                      "-e", f"PATH={json.dumps(str(content))}",
                      f"HKSMEGA={json.dumps(plugin_settings)}")
