"""The GitHub Actions workflows cannot run here: these tests read them and check
that their steps do what docs/PUBLISHING.md says (the pins themselves are not run)."""

import inspect
import os
import re

import pytest
import yaml

from conftest import ROOT
from hksmega.build import load_settings
from hksmega.tools.publishing import load_publishing_config
import tasks

WORKFLOWS = ROOT / ".github" / "workflows"
# uses: owner/name@<40 hex digits> # vX.Y.Z : a released version, by its commit.
PINNED = re.compile(r"uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


def load(name):
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def steps(workflow):
    (job,) = workflow["jobs"].values()
    return job["steps"]


def index_of(all_steps, predicate, what):
    found = [i for i, step in enumerate(all_steps) if predicate(step)]
    assert found, f"no step that {what}"
    return found[0]


def runs(text):
    return lambda step: text in step.get("run", "")


def uses(action):
    return lambda step: step.get("uses", "").startswith(action + "@")


@pytest.mark.parametrize("name", ["pr.yml", "publish.yml"])
def test_every_action_is_pinned_to_a_released_version_by_its_commit(name):
    lines = [line.strip().removeprefix("- ") for line in
             (WORKFLOWS / name).read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert lines
    for line in lines:
        assert PINNED.fullmatch(line), line


@pytest.mark.parametrize("name", ["pr.yml", "publish.yml"])
def test_jobs_run_on_debian_12_with_git_before_the_checkout(name):
    workflow = load(name)
    (job,) = workflow["jobs"].values()
    assert job["container"] == "debian:12"  # the README's platform; its chromium is no snap
    all_steps = steps(workflow)
    install = index_of(all_steps, runs("apt-get install"), "installs packages")
    for package in ("git", "python3", "python3-venv"):
        assert f" {package}" in all_steps[install]["run"]
    checkout = index_of(all_steps, uses("actions/checkout"), "checks out")
    trust = index_of(all_steps, runs("safe.directory"), "trusts the checkout")
    assert install < checkout < trust


def test_pull_requests_run_the_tests_and_upload_the_built_site():
    workflow = load("pr.yml")
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    all_steps = steps(workflow)
    test = index_of(all_steps, runs("scripts/test"), "runs scripts/test")
    build = index_of(all_steps, runs("invoke build --production"), "builds the production site")
    upload = index_of(all_steps, uses("actions/upload-artifact"), "uploads the site")
    assert test < build < upload
    assert os.access(ROOT / "scripts" / "test", os.X_OK)
    assert "production" in inspect.signature(tasks.build.body).parameters
    settings = all_steps[upload]["with"]
    assert settings["path"].rstrip("/") == tasks.CONFIG["output"]
    assert settings["if-no-files-found"] == "error"
    # Then the development site (drafts shown) as a second preview, after the first.
    uploads = [step["with"]["name"] for step in all_steps if uses("actions/upload-artifact")(step)]
    dev_build = next(i for i, step in enumerate(all_steps)
                     if step.get("run", "").strip() == ".venv/bin/invoke build")
    assert upload < dev_build and uploads == ["site-preview", "site-preview-with-drafts"]


def test_main_and_a_daily_schedule_publish_with_invoke_publish():
    workflow = load("publish.yml")
    triggers = workflow["on"]
    # The branch that publishes is the one publishing.yaml allows.
    assert triggers["push"]["branches"] == [load_publishing_config()["publish_from"]]
    (schedule,) = triggers["schedule"]
    minute, hour, *every_day = schedule["cron"].split()
    assert every_day == ["*", "*", "*"] and minute.isdigit() and hour.isdigit()
    assert workflow["permissions"] == {"contents": "write"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    all_steps = steps(workflow)
    checkout = index_of(all_steps, uses("actions/checkout"), "checks out")
    identity = index_of(all_steps, runs("git config user.email"), "sets the commit identity")
    install = index_of(all_steps, runs("scripts/bootstrap"), "installs the project")
    publish = index_of(all_steps, runs("invoke publish"), "publishes")
    assert checkout < identity < publish and install < publish
    assert all_steps[publish]["run"].strip().endswith("\n.venv/bin/invoke publish")


@pytest.mark.parametrize("name", ["pr.yml", "publish.yml"])
def test_only_the_publish_step_gets_the_token(name):
    # The checkout keeps no token in .git/config, where a build could read it.
    all_steps = steps(load(name))
    checkout = all_steps[index_of(all_steps, uses("actions/checkout"), "checks out")]
    assert checkout["with"]["persist-credentials"] is False
    with_token = [step.get("name") for step in all_steps
                  if "secrets." in str(step.get("env", "")) + str(step.get("with", ""))
                  or "GITHUB_TOKEN" in step.get("run", "")]
    assert with_token == (["Publish"] if name == "publish.yml" else [])
    assert os.access(ROOT / "scripts" / "bootstrap", os.X_OK)


@pytest.mark.parametrize("name", ["pr.yml", "publish.yml"])
def test_the_photos_made_are_kept_from_run_to_run(name):
    # Without it, every run would make every photo again (docs/PUBLISHING.md, "Photos").
    all_steps = steps(load(name))
    checkout = index_of(all_steps, uses("actions/checkout"), "checks out")
    cache = index_of(all_steps, uses("actions/cache"), "keeps the photos made")
    builds = index_of(all_steps, runs("invoke publish" if name == "publish.yml" else "scripts/test"),
                      "builds the site")
    assert checkout < cache < builds  # after the checkout, which would clean it away
    settings = all_steps[cache]["with"]
    # Pelican's CACHE_PATH, relative to the folder the build runs in: the checkout's.
    made = ROOT / load_settings(ROOT / "publishconf.py")["CACHE_PATH"] / "images"
    assert ROOT / settings["path"] == made
    # A new photo changes the key; the run starts from the last cache and saves a new one.
    assert "hashFiles('content/images/**'" in settings["key"]
    assert settings["key"].startswith(settings["restore-keys"])
