"""YAML reading that remembers where every key sits, so problems can say FILE:LINE:COLUMN."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from composer.core.errors import GuideProblem

#: A path into the document: mapping keys and list indices.
KeyPath = tuple[str | int, ...]
_MERGE_TAG = "tag:yaml.org,2002:merge"
#: The most values that aliases (``*name``) may add by repeating anchored ones: a
#: "billion laughs" document of a few lines otherwise expands to gigabytes.
MAX_ALIAS_VALUES = 10_000
#: The deepest nesting of lists and mappings (a guide needs about six levels).
MAX_DEPTH = 50


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _size_problem(root: yaml.Node, path: str) -> GuideProblem | None:
    """A problem when the document's aliases expand too far (or refer to themselves).

    Aliases share one node, so the expansion is measured on the node graph (each node
    sized once) before anything is built; a node reached again through an alias adds its
    whole size again, as converting it would.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    referenced: set[int] = set()
    extra = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        mark = (node.start_mark.line + 1, node.start_mark.column + 1)
        children = _children(node)
        if finished:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            for child in children:
                if id(child) in referenced:  # reached again: through an alias
                    extra += sizes[id(child)]
                referenced.add(id(child))
            if extra > MAX_ALIAS_VALUES:
                return GuideProblem(
                    path,
                    *mark,
                    f"aliases expand this to more than {MAX_ALIAS_VALUES:,} values "
                    "(a document that grows when read is refused)",
                )
            continue
        if key in sizes:
            continue
        on_path.add(key)
        stack.append((node, True))
        for child in reversed(children):
            if id(child) in on_path:
                return GuideProblem(path, *mark, "an alias refers to a value that contains it")
            if id(child) not in sizes:
                stack.append((child, False))
    return None


@dataclass
class MarkedDocument:
    """Plain Python data plus the 1-based (line, column) of each key or list item."""

    path: str
    data: Any
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, key_path: KeyPath) -> tuple[int, int]:
        """The closest known position for ``key_path`` (its longest marked prefix)."""
        for cut in range(len(key_path), -1, -1):
            mark = self.marks.get(key_path[:cut])
            if mark is not None:
                return mark
        return (1, 1)

    def problem(self, key_path: KeyPath, message: str) -> GuideProblem:
        """A located problem."""
        line, column = self.where(key_path)
        key = str(key_path[-1]) if key_path else ""
        return GuideProblem(self.path, line, column, message, key)


class _TooDeep(Exception):  # noqa: N818 - internal control flow
    """The document nests deeper than :data:`MAX_DEPTH`; ``mark`` is where."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__("too deep")
        self.mark = mark


class _DepthLimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing nesting past :data:`MAX_DEPTH` while composing.

    Composing recurses once per level, so a document of a few thousand ``[`` would
    otherwise end in a ``RecursionError`` with no useful position.
    """

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            node: yaml.Node | None = super().compose_node(parent, index)
            return node
        finally:
            self.depth -= 1


class _Walker:
    def __init__(self, text: str, path: str, *, loader: yaml.SafeLoader | None = None) -> None:
        self.loader = loader if loader is not None else _DepthLimitedLoader(text)
        self.doc = MarkedDocument(path, None)
        self.problems: list[GuideProblem] = []

    def load(self) -> MarkedDocument:
        try:
            node = self.loader.get_single_node()
            problem = None if node is None else _size_problem(node, self.doc.path)
            if problem is not None:
                self.problems.append(problem)
            elif node is not None:
                self.doc.marks[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
                self.doc.data = self.convert(node, ())
        finally:
            self.loader.dispose()
        return self.doc

    def convert(self, node: yaml.Node, key_path: KeyPath) -> object:
        if isinstance(node, yaml.MappingNode):
            explicit = sum(1 for k, _ in node.value if k.tag != _MERGE_TAG)
            self.loader.flatten_mapping(node)
            # Merged pairs (``<<: *anchor``) come first; a later one, and any key written
            # in the mapping itself, overrides them, as YAML's merge key means.
            merged = len(node.value) - explicit
            out: dict[str, object] = {}
            written: set[str] = set()
            for index, (key_node, value_node) in enumerate(node.value):
                key = self.construct(key_node)
                mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                if not isinstance(key, str | int | float | bool) or isinstance(key, bool):
                    self.problems.append(
                        GuideProblem(self.doc.path, *mark, f"key {key!r} must be a string")
                    )
                    continue
                key_text = str(key)
                if key_text in written:
                    self.problems.append(
                        GuideProblem(self.doc.path, *mark, f"duplicate key {key_text!r}", key_text)
                    )
                    continue
                if index >= merged:
                    written.add(key_text)
                child = (*key_path, key_text)
                self.doc.marks[child] = mark
                out[key_text] = self.convert(value_node, child)
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                child = (*key_path, index)
                self.doc.marks[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
                items.append(self.convert(item, child))
            return items
        return self.construct(node)

    def construct(self, node: yaml.Node) -> object:
        """The node's value; a scalar PyYAML cannot build (``2024-13-45``) is a problem."""
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError, IndexError, TypeError) as exc:
            mark = (node.start_mark.line + 1, node.start_mark.column + 1)
            shown = node.value if isinstance(node, yaml.ScalarNode) else node.tag
            # Python refuses to read integers of more than 4,300 digits.
            reason = "the number is too large" if "digits" in str(exc) else str(exc)
            if len(shown) > 40:
                shown = shown[:37] + "..."
            self.problems.append(
                GuideProblem(self.doc.path, *mark, f"invalid value {shown!r}: {reason}")
            )
            return node.value if isinstance(node, yaml.ScalarNode) else None


#: Documents with more structure characters than this are composed by the pure-Python
#: parser, which refuses deep nesting itself (libyaml's composer recurses in C).
_FAST_STRUCTURE_LIMIT = 5000
_PLAIN_CONTROLS = frozenset("\n\r")


def _load_fast(text: str, path: str) -> MarkedDocument | None:
    """``text`` read with libyaml's parser, when that is sure to give what the pure one gives.

    Rule files of big Vale packages hold thousands of tokens, and the pure-Python parser
    took about 40% of the time such a guide took to read. Taken only for plain documents
    (printable ASCII and line ends, no tabs: marks count the same, the same characters
    are allowed; libyaml takes a tab where PyYAML refuses one) that read without any
    problem and nest at most :data:`MAX_DEPTH` deep; for anything else ``None``, and the
    pure-Python parser reads the text, so every problem, its message and its place are
    the ones it gives (tests/core/test_yamlmarks_fast.py compares the two on every YAML
    file of the project and on awkward documents).
    """
    loader_class = getattr(yaml, "CSafeLoader", None)
    if loader_class is None or not text.isascii():
        return None
    if any((c < " " and c not in _PLAIN_CONTROLS) or c == "\x7f" for c in set(text)):
        return None
    structure = sum(text.count(c) for c in ("[", "{", "\n", "\r", "- ", "? ", ": "))
    if structure > _FAST_STRUCTURE_LIMIT:
        return None
    walker = _Walker(text, path, loader=loader_class(text))
    try:
        node = walker.loader.get_single_node()
        if node is None or _depth(node) > MAX_DEPTH or _size_problem(node, path) is not None:
            return None
        walker.doc.marks[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
        walker.doc.data = walker.convert(node, ())
    except Exception:  # any problem: the pure-Python parser reads it and says what
        return None
    finally:
        walker.loader.dispose()
    return None if walker.problems else walker.doc


def _depth(root: yaml.Node) -> int:
    """How deep lists and mappings nest under ``root`` (aliases followed once)."""
    deepest = 0
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in _children(node))
    return deepest


def load_marked(text: str, path: str) -> tuple[MarkedDocument, list[GuideProblem]]:
    """Parse ``text``; syntax errors and duplicate keys come back as located problems."""
    fast = _load_fast(text, path)
    return (fast, []) if fast is not None else _load_pure(text, path)


def _load_pure(text: str, path: str) -> tuple[MarkedDocument, list[GuideProblem]]:
    """:func:`load_marked` with PyYAML's pure-Python parser."""
    try:
        walker = _Walker(text, path)
        doc = walker.load()
    except _TooDeep as exc:
        return MarkedDocument(path, None), [
            GuideProblem(
                path,
                exc.mark.line + 1,
                exc.mark.column + 1,
                f"invalid YAML: lists or mappings are nested more than {MAX_DEPTH} deep",
            )
        ]
    except yaml.reader.ReaderError as exc:
        # A control character (NUL...): YAML refuses the file before parsing it.
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character
        shown = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        return MarkedDocument(path, None), [
            GuideProblem(path, line, column, f"invalid YAML: character {shown} is not allowed")
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        return MarkedDocument(path, None), [
            GuideProblem(path, line, column, f"invalid YAML: {what}")
        ]
    except yaml.YAMLError as exc:
        return MarkedDocument(path, None), [GuideProblem(path, 1, 1, f"invalid YAML: {exc}")]
    except RecursionError:
        return MarkedDocument(path, None), [
            GuideProblem(path, 1, 1, "invalid YAML: lists or mappings are nested too deeply")
        ]
    return doc, walker.problems
