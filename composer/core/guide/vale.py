"""Vale compatibility: style folders of ``*.yml`` rules, ``.vale.ini`` files and vocabularies."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import regex

from composer.core.errors import GuideProblem
from composer.core.guide.files import guide_folder_exists, guide_path_exists, read_guide_text
from composer.core.guide.yamlmarks import MarkedDocument, load_marked
from composer.core.media_rules import MEDIA_RULES
from composer.core.rules.base import Rule, RuleDataError
from composer.core.rules.pattern_limits import (
    MAX_BRANCHES,
    PatternBudget,
    PatternTooBig,
    measure_pattern,
)
from composer.core.rules.registry import SKIPPED_REASONS, SkippedRule, build_rule

#: Rules that exist without a rule file: the vocabulary, the length check and Vale's own
#: built-in rules (a ``.vale.ini`` often turns ``Vale.Spelling`` off).
BUILT_IN_RULES = frozenset(
    {
        "Vale.Terms",
        "Vale.Avoid",
        "Vale.Spelling",
        "Vale.Repetition",
        "Composer.Length",
        *MEDIA_RULES,
    }
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
    #: What the patterns loaded so far cost (a guide's patterns have limits together).
    budget: PatternBudget = field(default_factory=PatternBudget)

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
        text = read_guide_text(path)
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
        rule = build_rule(rule_id, doc.data, budget=out.budget, styles_path=path.parent.parent)
        out.add(rule, display)
    except SkippedRule as skipped:
        out.skipped.add(rule_id)
        out.notices.append(
            f"{display}: skipped rule {rule_id}: '{skipped.kind}' rules are not supported"
            + (f" ({SKIPPED_REASONS[skipped.kind]})" if skipped.kind in SKIPPED_REASONS else "")
        )
    except RuleDataError as err:
        out.problems.extend(rule_problems(doc, (), err))


def load_style_folder(folder: Path, display_folder: str, out: StyleLoad) -> None:
    """Load every ``*.yml`` in ``folder`` as rules named ``Folder.FileStem``."""
    style = folder.name
    guide_folder_exists(folder)  # recorded: a rule file added later is a change
    for path in sorted(folder.glob("*.yml")):
        load_rule_file(path, style, f"{display_folder}/{path.name}", out)


def vocabulary_term_problem(term: str, budget: PatternBudget | None = None) -> str | None:
    """Why ``term`` cannot be a vocabulary pattern, or ``None``; its cost goes to ``budget``."""
    try:
        cost = measure_pattern(term)
    except PatternTooBig as exc:
        return str(exc)
    try:
        regex.compile(term)
    except (regex.error, RecursionError, OverflowError) as exc:
        return f"invalid regular expression {term!r}: {exc}"
    return budget.spend(cost) if budget is not None else None


def read_vocabulary(
    folder: Path, budget: PatternBudget | None = None
) -> tuple[list[str], list[str], list[GuideProblem]]:
    """``accept.txt`` and ``reject.txt`` in ``folder``: one pattern a line, ``#`` comments.

    Returns:
        The accepted and the rejected patterns, and the problems found (an unreadable file,
        an invalid regular expression, a pattern or a list past the limits of
        :mod:`composer.core.rules.pattern_limits`), each located at its file, line and column.
    """
    result: list[list[str]] = []
    problems: list[GuideProblem] = []
    for name in ("accept.txt", "reject.txt"):
        path = folder / name
        terms: list[str] = []
        result.append(terms)
        if not guide_path_exists(path):
            continue  # a FIFO or a dangling link is reported, not skipped
        try:
            text = read_guide_text(path, "utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(GuideProblem(str(path), 1, 1, f"cannot read the vocabulary: {exc}"))
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            term = line.strip()
            if not term or term.startswith("#"):
                continue
            column = len(line) - len(line.lstrip()) + 1
            if len(terms) >= MAX_BRANCHES:
                message = f"a vocabulary list may hold at most {MAX_BRANCHES:,} terms"
                problems.append(GuideProblem(str(path), number, column, message))
                break
            problem = vocabulary_term_problem(term, budget)
            if problem is not None:
                problems.append(GuideProblem(str(path), number, column, problem))
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
