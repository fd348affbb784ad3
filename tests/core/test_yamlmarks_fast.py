"""libyaml's parser, where it is taken, reads a guide file exactly as the pure-Python one.

``load_marked`` composes plain documents with libyaml (much faster for big Vale packages)
and gives every other document, and every document with a problem, to the pure parser.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from composer.core.guide import yamlmarks
from composer.core.guide.yamlmarks import MAX_DEPTH, load_marked

ROOT = Path(__file__).resolve().parents[2]


def _project_yaml() -> list[Path]:
    found = [
        *ROOT.joinpath("resources").rglob("*.yml"),
        *ROOT.joinpath("resources").rglob("*.yaml"),
        *ROOT.joinpath("tests").rglob("*.yml"),
        *ROOT.joinpath("tests").rglob("*.yaml"),
    ]
    return sorted(p for p in found if "node_modules" not in p.parts)


def _generated(tmp_path: Path) -> list[Path]:
    spec = importlib.util.spec_from_file_location(
        "vale_packages", ROOT / "benchmarks" / "vale_packages.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        guide = module.write_guide(tmp_path)
    finally:
        del sys.modules[spec.name]
    return [guide, *sorted(guide.parent.joinpath("styles").rglob("*.yml"))]


def _same(text: str, name: str) -> bool:
    """Whether the fast path was taken; when it was, its result equals the pure one's."""
    fast = yamlmarks._load_fast(text, name)
    pure, problems = yamlmarks._load_pure(text, name)
    if fast is None:
        return False
    assert problems == []
    assert fast.data == pure.data
    assert fast.marks == pure.marks
    assert repr(fast.data) == repr(pure.data)  # the same types, in the same order
    return True


def test_every_yaml_file_of_the_project_reads_the_same(tmp_path: Path) -> None:
    files = _project_yaml() + _generated(tmp_path)
    taken = [p for p in files if _same(p.read_text(encoding="utf-8"), str(p))]
    assert len(files) > 150
    assert len(taken) > 120  # the generated packages are plain ASCII: all fast


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key: a problem, located by the pure parser
        "a: [1, 2\n",  # invalid
        "a: 'unclosed\n",
        "a: café\n",  # not ASCII
        "a: \x01\n",  # a control character
        "a: 2024-13-45\n",  # a value the constructor cannot build
        "x: &a [1, 2]\ny: *a\n",  # aliases (fine; the same either way)
        "- " * (MAX_DEPTH + 5) + "x\n",  # too deep
        "[" * 3000 + "]" * 3000 + "\n",  # too much structure for libyaml's recursion
        "",
        "# only a comment\n",
        "key: |\n  a block\n  scalar\nother: >-\n  folded\n  text\n",
        "? complex\n: key\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!python/name:os.system\n",
        "<<: {a: 1}\nb: 2\n",
        "a:\r\n  - 1\r\n  - 2\r\n",
        "a:\t1\n",  # a tab: libyaml takes it, PyYAML refuses it
        "a: 1\rb: 2\r",
        '\'quoted key\': "double \\"escaped\\" \\u00e9"\n',
    ],
)
def test_awkward_documents_read_as_the_pure_parser_reads_them(text: str) -> None:
    _same(text, "doc.yml")
    assert load_marked(text, "doc.yml") == yamlmarks._load_pure(text, "doc.yml")


def test_a_plain_rule_file_takes_the_fast_path() -> None:
    text = "extends: existence\nmessage: \"Avoid '%s'.\"\ntokens:\n  - 'a'\n  - 'b(?:s)?'\n"
    assert _same(text, "Rule.yml")
