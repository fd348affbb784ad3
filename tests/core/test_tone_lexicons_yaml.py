"""The tone lexicons are read with libyaml when PyYAML has it: the same data as the
pure-Python loader, and the same message for a file that is not valid YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from composer.core.tone import lexicons
from composer.resources import resource_path


def _shipped() -> list[Path]:
    root = resource_path("lexicons")
    return sorted([*root.rglob("*.yml"), *root.rglob("*.yaml")])


def test_every_shipped_lexicon_reads_the_same_with_libyaml() -> None:
    files = _shipped()
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert lexicons._safe_load(text) == yaml.safe_load(text), path


@pytest.mark.parametrize(
    "text",
    ["a: [1, 2\n", "key: value\n  bad: indent\n", "- &a x\n- *b\n", "a: 'unclosed\n"],
)
def test_invalid_yaml_keeps_the_pure_loaders_message(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as pure:
        yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError) as ours:
        lexicons._safe_load(text)
    assert str(ours.value) == str(pure.value)


def test_without_libyaml_the_pure_loader_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(yaml, "CSafeLoader")
    assert lexicons._safe_load("a: [1, 2]\n") == {"a": [1, 2]}
