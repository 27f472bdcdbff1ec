"""The docs stay honest: every command, option and setting is documented, and examples run.

- docs/cli.md has a section per command, naming each of its options, arguments and
  choices, and documents no option that does not exist;
- docs/configuration.md has a table row per setting reachable from ``Config`` (with its
  real default), and no row for a setting that does not exist;
- every YAML config block in docs/*.md validates (an ``# invalid`` block must fail with
  exactly the problems printed after it), and so does the shipped sources.yaml;
- the export columns, the backtest example and the links between pages match reality.
"""

from __future__ import annotations

import re
import types
import typing
from datetime import timedelta
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner
from pydantic import BaseModel

from monitor.cli import cli
from monitor.config import Config, Source, load_config, parse_config
from monitor.durations import format_duration
from monitor.errors import ConfigError
from monitor.export import EXPORT_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = [
    "configuration.md", "cli.md", "sources.md", "detection.md", "alerts.md", "complaints.md",
    "scaling.md", "export.md",
]  # fmt: skip
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|([^|]*)\|([^|]*)\|", re.MULTILINE)
ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?\}")


def read(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def code_blocks(text: str) -> list[tuple[str, str, int]]:
    """(language, body, line number of the opening fence) of every fenced block."""
    return [
        (m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1) for m in FENCE.finditer(text)
    ]


@pytest.mark.parametrize("page", PAGES)
def test_page_exists_and_has_a_title(page):
    text = read(page)
    assert text.startswith("# "), f"docs/{page} must start with a '# Title' line"


# --- the command line -----------------------------------------------------------------


def commands(command: click.Command = cli, path: tuple[str, ...] = ()):
    """Every command and group under ``monitor``, with its path of names."""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from commands(sub, (*path, name))


COMMANDS = {" ".join(("monitor", *path)): cmd for path, cmd in commands()}
LEAVES = {title: cmd for title, cmd in COMMANDS.items() if not isinstance(cmd, click.Group)}


def cli_sections() -> dict[str, str]:
    """``## `monitor ...` `` headings of docs/cli.md -> the text of their section."""
    sections: dict[str, str] = {}
    title = None
    for line in read("cli.md").splitlines():
        heading = re.fullmatch(r"## `(monitor[^`]*)`", line.strip())
        if heading:
            title = heading.group(1)
            sections[title] = ""
        elif line.startswith("## "):
            title = None
        elif title is not None:
            sections[title] += line + "\n"
    return sections


def long_options(command: click.Command) -> set[str]:
    return {
        opt
        for param in command.params
        if isinstance(param, click.Option)
        for opt in (*param.opts, *param.secondary_opts)
        if opt.startswith("--")
    }


@pytest.mark.parametrize("title", sorted(["monitor", *LEAVES]))
def test_every_command_has_a_section_in_cli_md(title):
    assert title in cli_sections(), f"docs/cli.md needs a section headed '## `{title}`'"


@pytest.mark.parametrize("title", sorted(COMMANDS))
def test_every_command_and_group_is_named_in_cli_md(title):
    assert f"`{title}" in read("cli.md"), f"docs/cli.md never names `{title}`"


@pytest.mark.parametrize("title", sorted(COMMANDS))
def test_every_option_argument_and_choice_is_in_its_section(title):
    command = COMMANDS[title]
    has_section = title in LEAVES or title == "monitor"
    text = cli_sections().get(title, "") if has_section else read("cli.md")
    for param in command.params:
        if isinstance(param, click.Argument):
            assert param.human_readable_name in text, f"{title}: argument {param.name}"
            continue
        for opt in param.opts + param.secondary_opts:
            if opt.startswith("--"):
                found = re.search(rf"`{re.escape(opt)}(?![\w-])", text)
                assert found, f"docs/cli.md, section {title}: option {opt} missing"
        if isinstance(param.type, click.Choice):
            for choice in param.type.choices:
                assert str(choice) in text, f"{title} {param.opts[0]}: choice {choice!r} missing"


@pytest.mark.parametrize("title", sorted(cli_sections()))
def test_cli_md_documents_only_real_commands_and_options(title):
    assert title in COMMANDS, f"docs/cli.md documents `{title}`, which does not exist"
    known = long_options(COMMANDS[title]) | {"--help"}
    documented = set()
    for line in cli_sections()[title].splitlines():
        if line.startswith("| `-"):
            documented.update(re.findall(r"--[a-z][a-z-]*", line.split("|")[1]))
    assert documented <= known, f"{title}: documented options {documented - known} do not exist"


# --- the configuration ----------------------------------------------------------------


def models_in(annotation) -> list[type[BaseModel]]:
    """Pydantic models inside a type annotation (lists, unions, Annotated...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in typing.get_args(annotation):
        found.extend(models_in(arg))
    return found


def is_list(annotation) -> bool:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, typing.Annotated):
        return any(is_list(a) for a in typing.get_args(annotation))
    return typing.get_origin(annotation) is list


def settings(model: type[BaseModel] = Config, prefix: str = "", seen: tuple = ()):
    """(dotted path, field) of every field reachable from ``Config``; lists as ``[]``;
    a model inside itself (the routing tree's ``routes``) is walked once."""
    for name, field in model.model_fields.items():
        path = prefix + (field.alias or name)
        yield path, field
        for sub in models_in(field.annotation):
            if sub is not model and sub not in seen:
                step = "[]." if is_list(field.annotation) else "."
                yield from settings(sub, path + step, (*seen, model))


SETTINGS = list(settings())


def config_rows() -> dict[str, list[str]]:
    """Setting path -> the Default cells of its rows in docs/configuration.md."""
    rows: dict[str, list[str]] = {}
    for path, _type, default in ROW.findall(read("configuration.md")):
        rows.setdefault(path, []).append(default.strip())
    return rows


def expected_default(field) -> str | None:
    """The Default cell the docs must show for a field; None when not checked."""
    if field.is_required():
        return "required"
    value = field.default_factory() if field.default_factory else field.default
    if isinstance(value, BaseModel) or (isinstance(value, dict | list) and value and (
        isinstance(value, dict) or isinstance(value[0], BaseModel)
    )):  # fmt: skip
        return None  # a structure: the docs describe it in words
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, timedelta):
        return f"`{format_duration(value)}`"
    if isinstance(value, list):
        return "`[" + ", ".join(str(v) for v in value) + "]`"
    if isinstance(value, dict):
        return "`{}`"
    return f"`{value}`"


def test_settings_walk_reaches_nested_and_channel_models():
    paths = {path for path, _ in SETTINGS}
    assert {"brands[].exclude", "sources[].fields", "collect.error_limit"} <= paths
    assert {"alerts.channels[].url", "alerts.channels[].smtp_host"} <= paths


@pytest.mark.parametrize("path", sorted({path for path, _ in SETTINGS}))
def test_every_setting_has_a_row_in_configuration_md(path):
    assert path in config_rows(), f"docs/configuration.md needs a table row for `{path}`"


@pytest.mark.parametrize(
    ("path", "field"), SETTINGS, ids=[f"{p}:{i}" for i, (p, _) in enumerate(SETTINGS)]
)
def test_documented_default_is_the_real_one(path, field):
    expected = expected_default(field)
    if expected is None:
        return
    cells = config_rows().get(path, [])
    assert any(cell == expected if "`" not in expected else expected in cell for cell in cells), (
        f"docs/configuration.md: `{path}` should show default {expected}, shows {cells}"
    )


def test_configuration_md_documents_only_real_settings():
    real = {path for path, _ in SETTINGS}
    assert set(config_rows()) <= real, f"unknown settings documented: {set(config_rows()) - real}"


def dummy_env(text: str) -> dict[str, str]:
    """A value for every ${VAR} a snippet uses: URLs for *URL*, anything else otherwise."""
    return {
        name: "https://hooks.example.com/T000/B000/XXXX" if "URL" in name else "not-a-real-secret"
        for name, _ in ENV_REF.findall(text)
    }


def yaml_blocks() -> list[tuple[str, str, str]]:
    """(id, body, text after the block) of every YAML block in docs/*.md."""
    found = []
    for page in sorted(DOCS.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            if match.group(1) in ("yaml", "yml"):
                line = text.count("\n", 0, match.start()) + 1
                found.append((f"{page.name}:{line}", match.group(2), text[match.end() :]))
    return found


YAML_BLOCKS = yaml_blocks()


def is_config(body: str) -> bool:
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError:
        return True  # a broken snippet must fail below, not be skipped
    return isinstance(data, dict) and bool(data) and set(data) <= set(Config.model_fields)


def test_docs_hold_full_config_examples():
    full = [b for _, b, _ in YAML_BLOCKS if re.search(r"^(brands|sources|database):", b, re.M)]
    assert len(full) >= 5


@pytest.mark.parametrize(("where", "body", "after"), YAML_BLOCKS, ids=[b[0] for b in YAML_BLOCKS])
def test_yaml_examples_validate(where, body, after):
    if body.startswith("# invalid"):
        with pytest.raises(ConfigError) as caught:
            parse_config(body, "bad.yaml", env=dummy_env(body))
        shown = FENCE.search(after)
        assert shown, f"{where}: an invalid example must be followed by its output"
        printed = [line[4:] for line in shown.group(2).splitlines() if line.startswith("  - ")]
        assert printed == caught.value.problems, f"{where}: the printed problems are stale"
        return
    if not is_config(body):
        return  # a fragment (a list item, a mapping of another kind): nothing to validate
    try:
        parse_config(body, where, env=dummy_env(body))
    except ConfigError as exc:
        pytest.fail(f"docs/{where}: example does not validate:\n{exc}")


def test_shipped_sources_yaml_validates():
    config = load_config(ROOT / "sources.yaml", env={})
    assert config.brands and config.sources


# --- examples and cross-references ---------------------------------------------------


def table_first_cells(text: str, heading: str) -> list[str]:
    section = text.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\|\s*`([^`]+)`\s*\|", section, re.MULTILINE)


def test_readme_sources_section_documents_every_source_option():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = table_first_cells(readme, "## Sources")
    assert documented == list(Source.model_fields)


def test_readme_sources_example_validates():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Sources\n", 1)[1].split("\n## ", 1)[0]
    [example] = [m.group(2) for m in FENCE.finditer(section) if m.group(1) == "yaml"]
    config = parse_config(example, "README.md", env={})
    assert [s.type for s in config.sources] == ["rss", "page", "json"]


def test_readme_yaml_examples_validate():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [m.group(2) for m in FENCE.finditer(readme) if m.group(1) == "yaml"]
    assert len(blocks) >= 2
    for body in blocks:
        parse_config(body, "README.md", env=dummy_env(body))


def test_export_columns_are_documented_in_order():
    assert table_first_cells(read("export.md"), "## Columns") == list(EXPORT_COLUMNS)


def test_backtest_example_output_is_what_the_command_prints(tmp_path, monkeypatch):
    text = read("detection.md")
    script = next(body for lang, body, _ in code_blocks(text) if lang == "python")
    monkeypatch.chdir(tmp_path)
    exec(compile(script, "docs/detection.md", "exec"), {})
    args = ["--config", str(tmp_path / "none.yaml"), "backtest", "--series", "series.csv"]
    result = CliRunner().invoke(cli, [*args, "--out", "scored.csv"])
    assert result.exit_code == 0, result.output
    written = (tmp_path / "scored.csv").read_text().splitlines()
    for page in PAGES:
        for _lang, body, _ in code_blocks(read(page)):
            lines = body.splitlines()
            for i, line in enumerate(lines):
                if line == "$ monitor backtest --series series.csv --out scored.csv":
                    assert lines[i + 1] == result.stderr.strip(), f"docs/{page}: stale count"
                sed = re.fullmatch(r"\$ sed -n '(\d+),(\d+)p' scored.csv", line)
                if sed:
                    first, last = int(sed.group(1)), int(sed.group(2))
                    shown = lines[i + 1 : i + 2 + last - first]
                    assert shown == written[first - 1 : last], f"docs/{page}: stale rows"


def slug(heading: str) -> str:
    text = heading.strip().lower().replace("`", "")
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: str) -> set[str]:
    text = FENCE.sub("", read(page))
    return {slug(m.group(1)) for m in re.finditer(r"^#+ (.+)$", text, re.MULTILINE)}


@pytest.mark.parametrize("page", PAGES)
def test_links_between_pages_resolve(page):
    text = FENCE.sub("", read(page))
    for target, anchor in re.findall(r"\]\(([\w-]*\.md)?(?:#([\w-]+))?\)", text):
        target = target or page
        assert (DOCS / target).exists(), f"docs/{page} links to missing {target}"
        if anchor:
            assert anchor in anchors(target), f"docs/{page} links to missing {target}#{anchor}"
