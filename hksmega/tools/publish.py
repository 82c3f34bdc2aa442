"""`invoke publish`: the new site goes live in one step, or nothing changes and
the maintainer is told why.

1. Refuse early: publishing.yaml incomplete, uncommitted changes, another
   branch than the one allowed, a target that is not ready.
2. Build the production site (publishconf.py) into a fresh folder through the
   pipeline (build.py), which validates the content (the check editors run),
   checks every link and page, and prints the notices: once each.
3. Check the result as it will go live: feeds, sitemap, calendars, only the
   site's own files (golive.py).
4. Compare it with what is live and say what changes.
5. Unless it is a dry run or nothing changed, make it live in one step:
   a commit pushed to gh-pages, a symbolic link switched to a new release
   folder, or one rsync run.

Targets are small classes with the same four steps: check_ready, prepare,
changes, make_live. docs/PUBLISHING.md is the user's side of this module.
"""

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from hksmega.problems import ContentError
from hksmega.site import golive
from hksmega.tools.publishing import (
    CONFIG_ENV,
    config_path,
    load_publishing_config,
    problems_before_publishing,
)

# dir: targets keep the live release, the one before it and one more for rollback.
KEEP_RELEASES = 3


class PublishError(Exception):
    """Why nothing was published, and what to do next."""


def git(root, *args, env=None):
    result = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True)
    if result.returncode:
        raise PublishError(f"`git {' '.join(args)}` failed: {result.stderr.strip()}")
    return result.stdout.strip()


@dataclass(frozen=True)
class Source:
    """The commit being published."""

    commit: str
    branch: str | None
    uncommitted: list[str] = field(default_factory=list)

    def __str__(self):
        dirty = ", with uncommitted changes" if self.uncommitted else ""
        return f"{self.commit[:12]} ({self.branch or 'detached HEAD'}{dirty})"

    def commit_message(self):
        message = f"Publish {self.commit} from {self.branch or 'a detached HEAD'}"
        if self.uncommitted:
            message += "\n\nBuilt with uncommitted changes (--allow-dirty):\n" + "\n".join(
                self.uncommitted)
        return message


def read_source(root, publish_from, allow_dirty, any_branch):
    """The commit to publish, or a refusal when the build would not match it."""
    try:
        commit = git(root, "rev-parse", "--verify", "HEAD")
    except PublishError as error:
        raise PublishError(f"{root} has no commit to publish from ({error})") from None
    branch = subprocess.run(["git", "symbolic-ref", "--quiet", "--short", "HEAD"], cwd=root,
                            capture_output=True, text=True).stdout.strip() or None
    uncommitted = git(root, "status", "--porcelain", "--untracked-files=all").splitlines()
    if uncommitted and not allow_dirty:
        raise PublishError(
            "the working tree has uncommitted changes, so the site would match no commit:\n"
            + "\n".join(f"  {line}" for line in uncommitted[:20])
            + (f"\n  ... and {len(uncommitted) - 20} more" if len(uncommitted) > 20 else "")
            + "\nCommit or stash them, then run the command again (or give --allow-dirty)."
        )
    if branch != publish_from and not any_branch:
        raise PublishError(
            f"publishing.yaml allows publishing only from the branch {publish_from!r}; "
            f"this is {branch or 'a detached HEAD'}. Switch to {publish_from!r} "
            "(or give --any-branch)."
        )
    return Source(commit, branch, uncommitted)


def build_environment(config_file):
    """The environment of the build: the publishing config this publish
    uses, and none of the credentials that only the final push needs (the workflow
    gives the push its token through GIT_CONFIG_* variables)."""
    secret = ("GIT_CONFIG_", "GITHUB_TOKEN", "GH_TOKEN", "SSH_AUTH_SOCK")
    return {**{name: value for name, value in os.environ.items()
               if not name.startswith(secret)}, CONFIG_ENV: str(config_file)}


def build_production_site(root, output, config_file):
    # A process of its own: publishconf.py and the plugin start fresh, with the
    # publishing config this publish uses, whatever ran before in this process.
    result = subprocess.run(
        [sys.executable, "-m", "hksmega.build", "-s", "publishconf.py", "-o", str(output)],
        cwd=root, env=build_environment(config_file),
    )
    if result.returncode:
        raise PublishError(
            "the production build failed: the messages above name the file to fix. "
            "Fix it, commit, and run the command again."
        )


@dataclass
class Changes:
    added: list[str]
    changed: list[str]
    removed: list[str]
    files: int
    size: int

    def __bool__(self):
        return bool(self.added or self.changed or self.removed)

    def report(self, limit=50):
        lines = [
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed; "
            f"the new site is {self.files} files, {human_size(self.size)}"
        ]
        listed = ([("added", p) for p in self.added] + [("changed", p) for p in self.changed]
                  + [("removed", p) for p in self.removed])
        lines += [f"  {kind:8} {path}" for kind, path in listed[:limit]]
        if len(listed) > limit:
            lines.append(f"  ... and {len(listed) - limit} more")
        return "\n".join(lines)


def human_size(size):
    if size < 1000:
        return f"{size} bytes"
    return f"{size / 1000:.1f} kB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"


def site_files(folder):
    """Relative path -> file, for every file under folder (none when it is None)."""
    if folder is None:
        return {}
    folder = Path(folder)
    return {path.relative_to(folder).as_posix(): path
            for path in sorted(folder.rglob("*")) if path.is_file()}


class GitHubPages:
    """A branch (gh-pages) of a git remote, committed by ghp-import."""

    def __init__(self, root, config):
        self.root = Path(root)
        self.remote = config["remote"]
        self.branch = config["branch"]
        self.cname = config["cname"]
        self.live_commit = None
        self.tree = None

    def __str__(self):
        return f"the {self.branch} branch of the git remote {self.remote}"

    def check_ready(self):
        if subprocess.run(["git", "remote", "get-url", self.remote], cwd=self.root,
                          capture_output=True).returncode:
            raise PublishError(
                f"there is no git remote named {self.remote!r}: add it "
                f"(git remote add {self.remote} URL) or set `remote` in publishing.yaml.")
        for key in ("name", "email"):
            env_name = f"GIT_COMMITTER_{key.upper()}"
            if not os.environ.get(env_name) and not subprocess.run(
                    ["git", "config", f"user.{key}"], cwd=self.root,
                    capture_output=True, text=True).stdout.strip():
                raise PublishError(
                    f"git has no user.{key} for the {self.branch} commit: set it "
                    f"(git config user.{key} ...) and run the command again.")

    def prepare(self, output):
        # Without .nojekyll GitHub Pages runs Jekyll, which drops files whose
        # name starts with "_" (such as _headers).
        (output / ".nojekyll").write_bytes(b"")
        if self.cname:
            (output / "CNAME").write_text(self.cname, encoding="utf-8")

    def fetch_live(self):
        """The commit the remote branch holds now, or None before the first publish."""
        tracking = f"refs/remotes/{self.remote}/{self.branch}"
        if not git(self.root, "ls-remote", "--heads", self.remote, f"refs/heads/{self.branch}"):
            return None
        git(self.root, "fetch", "--quiet", "--no-tags", self.remote,
            f"+refs/heads/{self.branch}:{tracking}")
        return git(self.root, "rev-parse", tracking)

    def write_tree(self, output):
        """The git tree of the output, written with a scratch index (no ref moves)."""
        git_dir = git(self.root, "rev-parse", "--absolute-git-dir")
        with tempfile.TemporaryDirectory() as scratch:
            env = {**os.environ, "GIT_DIR": git_dir, "GIT_WORK_TREE": str(output),
                   "GIT_INDEX_FILE": str(Path(scratch) / "index")}
            # Bytes and modes as they are on disk, as ghp-import commits them.
            git(output, "-c", "core.autocrlf=false", "-c", "core.fileMode=true",
                "add", "--all", "--force", ".", env=env)
            return git(output, "write-tree", env=env)

    def changes(self, output):
        self.live_commit = self.fetch_live()
        self.tree = self.write_tree(output)
        if self.live_commit is None:
            return git(self.root, "ls-tree", "-r", "--name-only", self.tree).splitlines(), [], []
        diff = git(self.root, "diff-tree", "-r", "--no-renames", "--name-status",
                   f"{self.live_commit}^{{tree}}", self.tree)
        found = {"A": [], "M": [], "D": []}
        for line in diff.splitlines():
            status, path = line.split("\t", 1)
            found["M" if status[0] == "T" else status[0]].append(path)
        return found["A"], found["M"], found["D"]

    def make_live(self, output, source):
        ref = f"refs/heads/{self.branch}"
        result = subprocess.run(
            [sys.executable, "-m", "ghp_import", "--message", source.commit_message(),
             "--remote", self.remote, "--branch", self.branch, str(output)],
            cwd=self.root, capture_output=True, text=True)
        if result.returncode:
            reason = result.stderr.strip() or result.stdout.strip()
            raise PublishError(f"ghp-import failed: {reason}")
        committed = git(self.root, "rev-parse", ref)
        # What goes live must be exactly what was checked and compared.
        if git(self.root, "rev-parse", f"{committed}^{{tree}}") != self.tree:
            raise PublishError(f"ghp-import committed other files than were checked ({committed}); "
                               "nothing was pushed.")
        git(self.root, "push", "--quiet", self.remote, f"{ref}:{ref}")
        return f"Published: {self.remote}/{self.branch} is now {committed[:12]}."


class Directory:
    """A folder on this machine: PATH is a symbolic link to the live release folder."""

    def __init__(self, path):
        self.link = Path(path).absolute()
        self.releases = self.link.parent / f"{self.link.name}.releases"

    def __str__(self):
        return f"{self.link} (release folders in {self.releases})"

    def check_ready(self):
        if not self.link.parent.is_dir():
            raise PublishError(f"the folder {self.link.parent} does not exist: create it first.")
        if self.link.exists() and not self.link.is_symlink():
            raise PublishError(
                f"{self.link} exists and is not a symbolic link: move it away, and "
                "publishing will make it a link to the live release folder.")

    def live(self):
        return self.link.resolve() if self.link.is_symlink() and self.link.exists() else None

    def prepare(self, output):
        self.remove_leftovers()

    def remove_leftovers(self):
        """A publish killed half-way leaves a hidden copy or switch link: remove them."""
        (self.link.parent / f".{self.link.name}.switch").unlink(missing_ok=True)
        for unfinished in self.releases.glob(".incoming-*") if self.releases.is_dir() else []:
            shutil.rmtree(unfinished)

    def changes(self, output):
        old, new = site_files(self.live()), site_files(output)
        changed = [path for path in sorted(set(old) & set(new))
                   if not filecmp.cmp(old[path], new[path], shallow=False)]
        return sorted(set(new) - set(old)), changed, sorted(set(old) - set(new))

    def make_live(self, output, source):
        previous = self.live()
        self.releases.mkdir(exist_ok=True)
        name = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S%fZ}-{source.commit[:12]}"
        release = self.releases / name
        # Copied under a hidden name first: a release folder is complete or absent.
        incoming = self.releases / f".incoming-{name}"
        try:
            shutil.copytree(output, incoming, symlinks=True)
            incoming.rename(release)
        finally:
            shutil.rmtree(incoming, ignore_errors=True)
        # The switch is one rename of a new link over the old: readers get the
        # old site or the new one, never a mix.
        switch = self.link.parent / f".{self.link.name}.switch"
        switch.unlink(missing_ok=True)
        switch.symlink_to(os.path.relpath(release, self.link.parent))
        os.replace(switch, self.link)
        self.prune(keep={release, previous})
        kept = f"; the previous release stays in {previous}" if previous else ""
        return f"Published: {self.link} -> {release}{kept}."

    def prune(self, keep):
        releases = sorted(p for p in self.releases.iterdir()
                          if p.is_dir() and not p.name.startswith("."))
        keep = set(releases[-KEEP_RELEASES:]) | {p for p in keep if p}
        for release in releases:
            if release not in keep:
                shutil.rmtree(release)


class Rsync:
    """Any host rsync reaches (usually USER@HOST:PATH over SSH).

    rsync --delete removes whatever else the folder holds, so the site is sent
    only to a folder that is ours: empty (or not there yet), or holding the
    marker file an earlier publish left.
    """

    MARKER = ".hksmega-site"

    def __init__(self, destination):
        self.destination = destination

    def __str__(self):
        return f"{self.destination} (rsync)"

    def check_ready(self):
        if not shutil.which("rsync"):
            raise PublishError("rsync is not installed: install it (apt-get install rsync).")
        listed = subprocess.run(["rsync", "--list-only", f"{self.destination}/"],
                                capture_output=True, text=True)
        if listed.returncode == 23 and "No such file or directory" in listed.stderr:
            return  # a new folder: rsync makes it
        if listed.returncode:
            raise PublishError(f"rsync cannot read {self.destination} (exit "
                               f"{listed.returncode}): {listed.stderr.strip()}")
        names = {line.split(maxsplit=4)[-1] for line in listed.stdout.splitlines() if line}
        names.discard(".")
        if names and self.MARKER not in names:
            raise PublishError(
                f"{self.destination} holds files that an earlier publish did not put there "
                f"({', '.join(sorted(names)[:5])}{' ...' if len(names) > 5 else ''}), and "
                "publishing deletes everything else in the folder. Publish into an empty "
                f"folder, or, if this folder is the site's, add an empty file {self.MARKER} "
                "to it first.")

    def prepare(self, output):
        (output / self.MARKER).write_bytes(b"")

    def run(self, output, *extra):
        # Checksums, not times, decide what is sent: every build has new file
        # times. Deleting after the transfer keeps old pages until new ones land.
        result = subprocess.run(
            ["rsync", "--recursive", "--links", "--checksum", "--delete-after",
             "--itemize-changes", *extra, f"{output}/", self.destination],
            capture_output=True, text=True)
        if result.returncode:
            raise PublishError(f"rsync failed (exit {result.returncode}): {result.stderr.strip()}")
        return result.stdout

    def changes(self, output):
        added, changed, removed = [], [], []
        for line in self.run(output, "--dry-run").splitlines():
            flags, _, path = line.partition(" ")
            if path.endswith("/") or not path:
                continue
            if flags == "*deleting":
                removed.append(path.strip())
            elif flags[:1] in "<>" and flags[1:2] == "f":
                (added if "+++" in flags else changed).append(path)
        return sorted(added), sorted(changed), sorted(removed)

    def make_live(self, output, source):
        self.run(output)
        return f"Published: {self.destination} now holds the new site."


def make_target(text, root, config):
    """gh-pages, dir:PATH or rsync:DESTINATION."""
    kind, _, location = text.partition(":")
    if kind == "gh-pages" and not location:
        return GitHubPages(root, config)
    if kind == "dir" and location:
        return Directory(location)
    if kind == "rsync" and location and not location.startswith("-"):
        return Rsync(location)  # (a leading "-" would reach rsync as an option)
    raise PublishError(
        f"unknown target {text!r}: expected gh-pages, dir:PATH or rsync:USER@HOST:PATH.")


def publish(root, target="gh-pages", dry_run=False, allow_dirty=False, any_branch=False,
            say=print):
    """Publish the site of the repository at root; returns what happened:
    "published", "unchanged" or "dry run". Raises PublishError when nothing was published."""
    root = Path(root).resolve()
    config_file = config_path(default=root / "publishing.yaml").resolve()
    try:
        config = load_publishing_config(config_file)
        problems = problems_before_publishing(config, config_file)
    except ContentError as error:
        raise PublishError(str(error)) from None
    if problems:
        raise PublishError(f"{ContentError(problems)}\nFill in publishing.yaml "
                           "(docs/PUBLISHING.md), then run the command again.")
    destination = make_target(target, root, config)
    source = read_source(root, config["publish_from"], allow_dirty, any_branch)
    destination.check_ready()
    say(f"Publishing {source} to {destination}{' (dry run)' if dry_run else ''}.")

    with tempfile.TemporaryDirectory(prefix="hksmega-publish-") as scratch:
        output = Path(scratch) / "site"
        build_production_site(root, output, config_file)
        problems = golive.check_output(output, config["site_url"])
        if problems:
            raise PublishError(f"the built site fails its checks:\n{ContentError(problems)}")
        say("Checks passed: content, links, page weight, feeds, sitemap, calendars.")

        destination.prepare(output)
        files = site_files(output)
        changes = Changes(*destination.changes(output), files=len(files),
                          size=sum(path.stat().st_size for path in files.values()))
        if not changes:
            say(f"Nothing to publish: the new build is identical to what {destination} "
                "holds now; nothing was changed.")
            return "unchanged"
        say(changes.report())
        if dry_run:
            say("Dry run: nothing was published.")
            return "dry run"
        say(destination.make_live(output, source))
        return "published"
