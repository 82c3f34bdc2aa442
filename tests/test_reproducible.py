"""The same commit builds the same bytes, whatever the clock, file times, folder,
time zone or hash seed: a publish then changes exactly what the content changed,
and a rebuild of an unchanged commit changes nothing."""

import difflib
import os
import shutil
import subprocess
import sys

import pytest

from conftest import copy_project
from hksmega.tools.publishing import CONFIG_ENV

FAKETIME = shutil.which("faketime")


def build(project, output, clock, environment):
    # libfaketime moves the clock the whole build sees (Python's time and datetime).
    result = subprocess.run(
        [FAKETIME, clock, sys.executable, "-m", "hksmega.build", "-s", "publishconf.py",
         "-o", str(output)],
        cwd=project, capture_output=True, text=True, env={**os.environ, **environment},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_the_same_commit_builds_the_same_bytes(tmp_path):
    if not FAKETIME:
        pytest.fail("faketime not found: run scripts/test, which installs it")
    config = tmp_path / "publishing.yaml"
    config.write_text("site_url: https://www.example.org\n", encoding="utf-8")
    first = copy_project(tmp_path / "first")
    second = copy_project(tmp_path / "elsewhere" / "second")
    # The second copy's files claim to be decades old, each with its own time.
    for number, path in enumerate(sorted(second.rglob("*"))):
        os.utime(path, (978_307_200 + number * 3_600, 978_307_200 + number * 3_600))

    build(first, tmp_path / "out1", "2090-01-01 00:00:00",
          {CONFIG_ENV: str(config), "PYTHONHASHSEED": "1", "TZ": "UTC"})
    build(second, tmp_path / "out2", "2091-07-15 13:45:07",
          {CONFIG_ENV: str(config), "PYTHONHASHSEED": "2", "TZ": "America/Los_Angeles"})

    one, two = files(tmp_path / "out1"), files(tmp_path / "out2")
    assert len(one) >= 30
    assert sorted(one) == sorted(two)
    for name in one:
        if one[name] != two[name]:
            diff = difflib.unified_diff(
                one[name].decode(errors="replace").splitlines(),
                two[name].decode(errors="replace").splitlines(), lineterm="", n=0)
            pytest.fail(f"{name} differs between the builds:\n" + "\n".join(list(diff)[:20]))
