"""Vale compatibility: style folders of ``*.yml`` rules, ``.vale.ini`` files and vocabularies."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from composer.core.errors import GuideProblem
from composer.core.guide.yamlmarks import MarkedDocument, load_marked
from composer.core.rules.base import Rule, RuleDataError
from composer.core.rules.registry import SkippedRule, build_rule


@dataclass
class StyleLoad:
    """What loading some rules produced: rules, located problems and notices."""

    rules: list[Rule] = field(default_factory=list)
    problems: list[GuideProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def rule_problems(
    doc: MarkedDocument, base: tuple[str | int, ...], err: RuleDataError
) -> list[GuideProblem]:
    """Locate each of a rule's problems at its key."""
    return [doc.problem((*base, key), message) for key, message in err.problems]


def load_rule_file(path: Path, style: str, display: str, out: StyleLoad) -> None:
    """Load one ``Style/Rule.yml`` file into ``out``."""
    rule_id = f"{style}.{path.stem}"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        out.problems.append(GuideProblem(display, 1, 1, f"cannot read rule {rule_id}: {exc}"))
        return
    doc, problems = load_marked(text, display)
    out.problems.extend(problems)
    if problems:
        return
    if not isinstance(doc.data, dict):
        out.problems.append(GuideProblem(display, 1, 1, f"rule {rule_id} must be a mapping"))
        return
    try:
        out.rules.append(build_rule(rule_id, doc.data))
    except SkippedRule as skipped:
        out.notices.append(
            f"{display}: skipped rule {rule_id}: '{skipped.kind}' rules are not supported"
            + (" (spelling comes from the grammar service)" if skipped.kind == "spelling" else "")
        )
    except RuleDataError as err:
        out.problems.extend(rule_problems(doc, (), err))


def load_style_folder(folder: Path, display_folder: str, out: StyleLoad) -> None:
    """Load every ``*.yml`` in ``folder`` as rules named ``Folder.FileStem``."""
    style = folder.name
    for path in sorted(folder.glob("*.yml")):
        load_rule_file(path, style, f"{display_folder}/{path.name}", out)


def read_vocabulary(folder: Path) -> tuple[list[str], list[str]]:
    """``accept.txt`` and ``reject.txt`` in ``folder``: one term a line, ``#`` comments."""
    result: list[list[str]] = []
    for name in ("accept.txt", "reject.txt"):
        path = folder / name
        terms: list[str] = []
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                term = line.strip()
                if term and not term.startswith("#"):
                    terms.append(term)
        result.append(terms)
    return result[0], result[1]


@dataclass
class IniEntry:
    """One ``key = value`` line of a ``.vale.ini``."""

    section: str
    key: str
    value: str
    line: int
    column: int


def parse_ini(text: str, display: str) -> tuple[list[IniEntry], list[GuideProblem]]:
    """Read a ``.vale.ini`` keeping line numbers (configparser forgets them)."""
    entries: list[IniEntry] = []
    problems: list[GuideProblem] = []
    section = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        column = len(raw) - len(raw.lstrip()) + 1
        if line.startswith("["):
            if not line.endswith("]"):
                problems.append(
                    GuideProblem(display, number, column, f"bad section header {line!r}")
                )
                continue
            section = line[1:-1].strip()
            continue
        if "=" not in line:
            problems.append(
                GuideProblem(display, number, column, f"expected 'key = value', got {line!r}")
            )
            continue
        key, value = line.split("=", 1)
        entries.append(IniEntry(section, key.strip(), value.strip(), number, column))
    return entries, problems
