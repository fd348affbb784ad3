"""Vale compatibility: style folders of ``*.yml`` rules, ``.vale.ini`` files and vocabularies."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import regex

from composer.core.errors import GuideProblem
from composer.core.guide.yamlmarks import MarkedDocument, load_marked
from composer.core.rules.base import Rule, RuleDataError
from composer.core.rules.registry import SkippedRule, build_rule

#: Rules that exist without a rule file: the vocabulary, the length check and Vale's own
#: built-in rules (a ``.vale.ini`` often turns ``Vale.Spelling`` off).
BUILT_IN_RULES = frozenset(
    {"Vale.Terms", "Vale.Avoid", "Vale.Spelling", "Vale.Repetition", "Composer.Length"}
)


@dataclass
class StyleLoad:
    """What loading some rules produced: rules, located problems and notices."""

    rules: list[Rule] = field(default_factory=list)
    problems: list[GuideProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: Where each rule of ``rules`` is defined: (file, line, column), in the same order.
    origins: list[tuple[str, int, int]] = field(default_factory=list)
    #: Ids of rules skipped because their kind is not supported.
    skipped: set[str] = field(default_factory=set)

    def known(self, rule_id: str) -> bool:
        """Whether a level override for ``rule_id`` names something that exists."""
        return (
            rule_id in BUILT_IN_RULES
            or rule_id in self.skipped
            or any(rule.id == rule_id for rule in self.rules)
        )

    def add(self, rule: Rule, path: str, line: int = 1, column: int = 1) -> None:
        """Keep ``rule``, defined in ``path`` at ``line``/``column``."""
        self.rules.append(rule)
        self.origins.append((path, line, column))


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
        out.add(build_rule(rule_id, doc.data), display)
    except SkippedRule as skipped:
        out.skipped.add(rule_id)
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


def read_vocabulary(folder: Path) -> tuple[list[str], list[str], list[GuideProblem]]:
    """``accept.txt`` and ``reject.txt`` in ``folder``: one pattern a line, ``#`` comments.

    Returns:
        The accepted and the rejected patterns, and the problems found (an unreadable file,
        an invalid regular expression), each located at its file, line and column.
    """
    result: list[list[str]] = []
    problems: list[GuideProblem] = []
    for name in ("accept.txt", "reject.txt"):
        path = folder / name
        terms: list[str] = []
        result.append(terms)
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(GuideProblem(str(path), 1, 1, f"cannot read the vocabulary: {exc}"))
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            term = line.strip()
            if not term or term.startswith("#"):
                continue
            try:
                regex.compile(term)
            except regex.error as exc:
                column = len(line) - len(line.lstrip()) + 1
                problems.append(
                    GuideProblem(
                        str(path), number, column, f"invalid regular expression {term!r}: {exc}"
                    )
                )
                continue
            terms.append(term)
    return result[0], result[1], problems


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
