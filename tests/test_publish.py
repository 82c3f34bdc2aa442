"""`invoke publish` against real git repositories and folders in a temp dir.

Each test copies the project as it is now into a fresh git repository whose
`origin` is a local bare repository, the way GitHub is the remote in real use.
"""

import os
from pathlib import Path
import re
import subprocess
import sys

import pytest

from conftest import ROOT, copy_project
from hksmega.site.golive import check_only_site_files
from hksmega.tools.publish import Directory, PublishError, Source, build_environment, publish
from hksmega.tools.publishing import CONFIG_ENV, DEFAULTS
import tasks

DOCS = (ROOT / "docs" / "PUBLISHING.md").read_text(encoding="utf-8")
SITE_URL = "https://www.example.org"
# Bad content stops the publish at `invoke check` or, failing that, at the build.
CONTENT_REFUSED = "(invoke check` found problems|production build failed)"
CONFIG = """\
site_url: {site_url}
remote: origin
branch: gh-pages
publish_from: main
cname: {cname}
"""


def documented_command(start):
    """The one line of docs/PUBLISHING.md that starts so: the tests run what the docs say."""
    (line,) = [line for line in DOCS.splitlines() if line.startswith(start)]
    return line


class Project:
    def __init__(self, path, remote, config):
        self.path, self.remote, self.config = path, remote, config
        self.messages = []

    def git(self, *args):
        return subprocess.run(["git", *args], cwd=self.path, capture_output=True, text=True,
                              check=True).stdout.strip()

    def commit(self, message):
        self.git("add", "--all")
        self.git("commit", "--quiet", "--message", message)
        return self.git("rev-parse", "HEAD")

    def edit(self, name, old, new):
        path = self.path / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{name} no longer holds {old!r}: update the test"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def publish(self, target="gh-pages", **options):
        self.messages = []
        return publish(self.path, target, say=self.messages.append, **options)

    @property
    def said(self):
        return "\n".join(self.messages)

    def remote_git(self, *args):
        return subprocess.run(["git", f"--git-dir={self.remote}", *args], capture_output=True,
                              text=True, check=True).stdout.strip()

    def live_commit(self):
        """The commit gh-pages holds on the remote, or None."""
        found = self.remote_git("ls-remote", str(self.remote), "refs/heads/gh-pages")
        return found.split()[0] if found else None

    def live_file(self, path):
        return self.remote_git("show", f"gh-pages:{path}")


@pytest.fixture
def project(tmp_path, monkeypatch):
    # Git as on a fresh machine: no user or system config, a known identity.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Site Publisher")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "publisher@example.org")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(remote)], check=True)
    work = copy_project(tmp_path / "project")
    config = tmp_path / "publishing.yaml"
    config.write_text(CONFIG.format(site_url=SITE_URL, cname="www.example.org"), encoding="utf-8")
    monkeypatch.setenv(CONFIG_ENV, str(config))
    project = Project(work, remote, config)
    project.git("init", "--quiet", "-b", "main")
    project.commit("The site as it is")
    project.git("remote", "add", "origin", str(remote))
    project.git("push", "--quiet", "origin", "main")
    return project


def test_publish_lands_on_gh_pages_then_an_identical_one_adds_no_commit(project):
    source = project.git("rev-parse", "HEAD")
    assert project.publish() == "published"
    first = project.live_commit()
    assert first
    message = project.remote_git("log", "-1", "--format=%B", "gh-pages")
    assert source in message and "main" in message
    assert "<h1" in project.live_file("index.html")
    assert project.live_file(".nojekyll") == ""
    assert project.live_file("CNAME") == "www.example.org"
    assert "Content-Security-Policy:" in project.live_file("_headers")
    assert f"<loc>{SITE_URL}/about/</loc>" in project.live_file("sitemap.xml")
    assert "127.0.0.1" not in project.live_file("feeds/all.atom.xml")

    assert project.publish() == "unchanged"
    assert "identical" in project.said
    assert project.live_commit() == first

    project.edit("content/news/website-launch.md", "Welcome to the website",
                 "Welcome, everyone, to the website")
    project.commit("Warmer welcome")
    assert project.publish() == "published"
    second = project.live_commit()
    assert project.remote_git("rev-parse", f"{second}^") == first  # history kept
    changed = project.remote_git("diff-tree", "-r", "--name-only", first, second).splitlines()
    assert "news/website-launch/index.html" in changed
    assert "about/index.html" not in changed

    # Rolling back as docs/PUBLISHING.md says: the first publish's files, history kept.
    rollback = documented_command('git push origin "$(git commit-tree')
    subprocess.run(f"git fetch --quiet origin gh-pages && {rollback}", shell=True,
                   cwd=project.path, check=True, capture_output=True)
    rolled_back = project.live_commit()
    assert project.remote_git("rev-parse", f"{rolled_back}^") == second
    assert project.remote_git("rev-parse", f"{rolled_back}^{{tree}}") == project.remote_git(
        "rev-parse", f"{first}^{{tree}}")


def test_dry_run_says_what_would_change_and_pushes_nothing(project):
    assert project.publish(dry_run=True) == "dry run"
    assert "added    index.html" in project.said
    assert re.search(r"the new site is \d+ files, \d+\.\d (kB|MB)", project.said)
    assert "Dry run: nothing was published." in project.said
    assert project.live_commit() is None
    # Not even a local gh-pages branch was made.
    assert project.git("branch", "--list", "gh-pages") == ""


@pytest.mark.parametrize("old, new", [
    ("title: The Association's website", "title: [The Association's website"),  # a typo
    ("(/about/)", "(/no-such-page/)"),  # a broken internal link
], ids=["invalid content", "broken internal link"])
def test_bad_content_pushes_nothing(project, capfd, old, new):
    project.edit("content/news/website-launch.md", old, new)
    project.commit("A mistake")
    with pytest.raises(PublishError, match=CONTENT_REFUSED):
        project.publish()
    shown = capfd.readouterr()
    assert "content/news/website-launch.md" in shown.out + shown.err
    assert project.live_commit() is None


@pytest.mark.parametrize("change", ["edit a tracked file", "add a new file"])
def test_a_dirty_working_tree_is_refused(project, change):
    if change == "edit a tracked file":
        project.edit("content/pages/about.md", "non-profit", "not-for-profit")
        named = "content/pages/about.md"
    else:
        (project.path / "content/news/draft.md").write_text("---\ntitle: x\n---\n")
        named = "content/news/draft.md"
    with pytest.raises(PublishError, match="uncommitted changes") as refusal:
        project.publish()
    assert named in str(refusal.value) and "--allow-dirty" in str(refusal.value)
    assert project.live_commit() is None


def test_allow_dirty_publishes_the_working_tree_and_says_so(project):
    project.edit("content/pages/about.md", "non-profit", "not-for-profit")
    assert project.publish(allow_dirty=True) == "published"
    assert "not-for-profit" in project.live_file("about/index.html")
    assert "uncommitted changes" in project.remote_git("log", "-1", "--format=%B", "gh-pages")


def test_another_branch_is_refused_unless_told(project):
    project.git("checkout", "--quiet", "-b", "feature")
    with pytest.raises(PublishError, match="only from the branch 'main'.*--any-branch"):
        project.publish()
    project.git("checkout", "--quiet", "--detach")
    with pytest.raises(PublishError, match="detached HEAD"):
        project.publish()
    assert project.publish(any_branch=True, dry_run=True) == "dry run"
    assert project.live_commit() is None


@pytest.mark.parametrize("site_url, reason", [
    ("", "site_url: expected the site's public address"),
    ("https://www.example.org/", "(the host alone, without a path or trailing slash)"),
    ("www.example.org", "site_url: expected the site's address, such as https://"),
    ("http://www.example.org", "(http:// is not private: use https://)"),
    ("https://user:secret@www.example.org", "(with a user name or password in it)"),
])
def test_publishing_yaml_must_give_the_public_address(project, site_url, reason):
    project.config.write_text(CONFIG.format(site_url=site_url, cname=""), encoding="utf-8")
    with pytest.raises(PublishError, match="publishing.yaml") as refusal:
        project.publish()
    assert reason in str(refusal.value)


def test_the_custom_domain_must_be_the_public_address(project):
    project.config.write_text(CONFIG.format(site_url=SITE_URL, cname="example.net"))
    with pytest.raises(PublishError,
                       match=r"cname: expected the host of site_url \(www.example.org\)"):
        project.publish()


def test_unknown_target_and_missing_remote_are_refused(project):
    with pytest.raises(PublishError, match="unknown target 'ftp:x'"):
        project.publish("ftp:x")
    with pytest.raises(PublishError, match="unknown target 'rsync:--delete'"):
        project.publish("rsync:--delete")  # an option smuggled in as the destination
    project.git("remote", "remove", "origin")
    with pytest.raises(PublishError, match="no git remote named 'origin'"):
        project.publish()


def test_dir_target_switches_in_one_step_and_a_failed_build_keeps_the_old_release(
        project, tmp_path):
    www = tmp_path / "www"
    www.mkdir()
    link = www / "site"
    assert project.publish(f"dir:{link}") == "published"
    first = link.resolve()
    assert link.is_symlink() and (first / "index.html").exists()
    assert first.parent == www / "site.releases"
    assert not os.path.isabs(os.readlink(link))  # the folder can move with its releases

    assert project.publish(f"dir:{link}") == "unchanged"
    assert sorted(p.name for p in (www / "site.releases").iterdir()) == [first.name]

    project.edit("content/news/website-launch.md", "(/about/)", "(/no-such-page/)")
    broken = project.commit("A link to nowhere")
    with pytest.raises(PublishError):
        project.publish(f"dir:{link}")
    assert link.resolve() == first
    assert sorted(p.name for p in (www / "site.releases").iterdir()) == [first.name]

    project.git("revert", "--no-edit", broken)
    project.edit("content/pages/about.md", "non-profit", "not-for-profit")
    project.commit("Wording")
    assert project.publish(f"dir:{link}") == "published"
    second = link.resolve()
    assert second != first and "not-for-profit" in (link / "about/index.html").read_text()
    assert first.exists(), "the previous release stays for rollback"
    # Nothing half-made is left next to the link or among the releases.
    assert sorted(p.name for p in www.iterdir()) == ["site", "site.releases"]
    assert sorted(p.name for p in (www / "site.releases").iterdir()) == sorted(
        [first.name, second.name])

    # Rolling back as docs/PUBLISHING.md says: one rename back to the first release.
    switch_back = documented_command("ln -s site.releases/RELEASE")
    subprocess.run(switch_back.replace("RELEASE", first.name), shell=True, cwd=www, check=True)
    assert link.resolve() == first
    assert sorted(p.name for p in www.iterdir()) == ["site", "site.releases"]


def test_dir_target_refuses_a_real_folder_in_place_of_the_link(project, tmp_path):
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "index.html").write_text("the old site")
    with pytest.raises(PublishError, match="is not a symbolic link"):
        project.publish(f"dir:{tmp_path / 'www'}")
    assert (tmp_path / "www" / "index.html").read_text() == "the old site"


def test_dir_releases_are_pruned_but_the_one_live_before_is_kept(tmp_path):
    link = tmp_path / "site"
    target = Directory(link)
    releases = []
    for number in range(5):
        output = tmp_path / f"build{number}"
        output.mkdir()
        (output / "index.html").write_text(f"release {number}")
        target.make_live(output, Source(f"{number:040d}", "main"))
        releases.append(link.resolve())
        if number == 2:
            # A maintainer rolls back to the first release by hand.
            os.symlink(os.path.relpath(releases[0], tmp_path), tmp_path / "rollback")
            os.replace(tmp_path / "rollback", link)
        if number == 3:
            assert releases[0].exists(), "the release live before the switch stays"
    assert (link / "index.html").read_text() == "release 4"
    kept = sorted((tmp_path / "site.releases").iterdir())
    assert kept == sorted(releases[2:]), "the newest three releases stay"
    assert not releases[0].exists() and not releases[1].exists()


def test_rsync_target_sends_changes_and_deletes_after(project, tmp_path):
    destination = tmp_path / "host" / "www"
    destination.parent.mkdir()
    assert project.publish(f"rsync:{destination}") == "published"
    assert (destination / "index.html").exists() and (destination / "_headers").exists()
    assert not (destination / "CNAME").exists(), "CNAME is for GitHub Pages only"
    assert project.publish(f"rsync:{destination}") == "unchanged"

    (destination / "stale.html").write_text("an old page")
    project.edit("content/pages/about.md", "non-profit", "not-for-profit")
    project.commit("Wording")
    assert project.publish(f"rsync:{destination}", dry_run=True) == "dry run"
    assert "changed  about/index.html" in project.said
    assert "removed  stale.html" in project.said
    assert (destination / "stale.html").exists()
    assert project.publish(f"rsync:{destination}") == "published"
    assert not (destination / "stale.html").exists()
    assert "not-for-profit" in (destination / "about/index.html").read_text()


def test_invoke_publish_exits_non_zero_with_the_reason(project):
    def invoke(*args):
        return subprocess.run([sys.executable, "-m", "invoke", "publish", *args],
                              cwd=project.path, capture_output=True, text=True)

    ok = invoke("--dry-run", "--target", "gh-pages")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Dry run: nothing was published." in ok.stdout
    Path(project.path, "notes.txt").write_text("not committed")
    refused = invoke()
    assert refused.returncode == 1
    assert "Nothing was published: the working tree has uncommitted changes" in refused.stderr
    assert project.live_commit() is None


def test_docs_describe_every_option_and_setting():
    for option in tasks.publish.help:
        assert f"`--{option}" in DOCS, option
    for key in DEFAULTS:
        assert f"| `{key}` |" in DOCS, key
    assert CONFIG_ENV in DOCS
    for target in ("`--target gh-pages`", "`--target dir:PATH`", "`--target rsync:USER@HOST:PATH`"):
        assert target in DOCS


def test_rsync_refuses_a_folder_that_is_not_the_sites(project, tmp_path):
    # rsync --delete would remove everything else the folder holds.
    destination = tmp_path / "host" / "home"
    destination.mkdir(parents=True)
    (destination / "thesis.odt").write_text("years of work")
    with pytest.raises(PublishError, match=r"holds files that an earlier publish did not put "
                                           r"there \(thesis.odt\)"):
        project.publish(f"rsync:{destination}")
    assert sorted(p.name for p in destination.iterdir()) == ["thesis.odt"]
    # An empty folder, or one an earlier publish marked, is the site's.
    empty = tmp_path / "host" / "www"
    empty.mkdir()
    assert project.publish(f"rsync:{empty}") == "published"
    assert (empty / ".hksmega-site").exists()
    (empty / "stale.html").write_text("an old page of ours")
    project.edit("content/pages/about.md", "non-profit", "not-for-profit")
    project.commit("Wording")
    assert project.publish(f"rsync:{empty}") == "published"
    assert not (empty / "stale.html").exists()


def test_an_interrupted_dir_publish_leaves_nothing_behind(project, tmp_path):
    link = tmp_path / "site"
    assert project.publish(f"dir:{link}") == "published"
    releases = tmp_path / "site.releases"
    # What a publish killed while copying, or before switching, leaves.
    (releases / ".incoming-20261129T000000000000Z-0123456789ab" / "news").mkdir(parents=True)
    (tmp_path / ".site.switch").symlink_to("site.releases")
    project.edit("content/pages/about.md", "non-profit", "not-for-profit")
    project.commit("Wording")
    assert project.publish(f"dir:{link}") == "published"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert [p.name for p in releases.iterdir() if p.name.startswith(".")] == []


def test_the_build_gets_no_credentials(monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "AUTHORIZATION: basic c2VjcmV0")
    monkeypatch.setenv("GITHUB_TOKEN", "ghs_secret")
    environment = build_environment("publishing.yaml")
    assert "GIT_CONFIG_VALUE_0" not in environment and "GITHUB_TOKEN" not in environment
    assert environment["PATH"] == os.environ["PATH"]


def test_a_hidden_file_or_link_in_the_output_stops_publishing(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[remote]")
    (tmp_path / "logo.png").symlink_to(tmp_path / ".git" / "config")
    found = {problem.found for problem in check_only_site_files(tmp_path)}
    assert found == {".git", ".git/config", "logo.png"}
