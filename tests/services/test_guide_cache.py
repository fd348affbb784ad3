"""The cache of loaded guides: the same guide and findings as a fresh load, safe against
edits, damage and concurrent writers (composer/services/guide_cache.py)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from composer.core.checker import Checker
from composer.core.errors import GuideError
from composer.core.guide import Guide, load_guide
from composer.core.rules import compiled_patterns, literal_index, literals
from composer.resources import resource_path
from composer.services import guide_cache
from composer.services.guide_cache import clear_guide_cache, entry_path, load_guide_cached

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = resource_path("example", "brand-guide.yml").parent


def _drafts() -> list[str]:
    lines = (EXAMPLE / "drafts.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def _forget() -> None:
    """What a fresh process knows: no taught facts, indexes or kept patterns."""
    literals.forget_pattern_facts()
    literal_index.forget_indexes()
    compiled_patterns.clear_kept_patterns()


def _findings(guide: Guide, drafts: list[str]) -> list[object]:
    checker = Checker(guide)
    out: list[object] = []
    for account in guide.accounts:
        for text in drafts:
            report = checker.check(text, account)
            out.append((report.findings, report.score, report.notices, dict(report.metrics)))
    return out


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the example guide and its styles."""
    target = tmp_path / "ws"
    shutil.copytree(EXAMPLE, target)
    return target / "brand-guide.yml"


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_the_cache_folder_is_in_the_user_cache_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert guide_cache.cache_folder() == tmp_path / "xdg" / "brand-voice-composer" / "guides"


def test_cached_load_equals_a_fresh_load_with_the_same_findings(
    workspace: Path, cache: Path
) -> None:
    fresh = load_guide(workspace)
    first = load_guide_cached(workspace, folder=cache)  # a miss: loads and keeps it
    assert entry_path(workspace, cache).is_file()
    _forget()
    second = load_guide_cached(workspace, folder=cache)  # a hit
    assert first == fresh
    assert second == fresh
    assert second.notices == fresh.notices
    drafts = _drafts()
    assert len(drafts) >= 10
    expected = _findings(fresh, drafts)
    _forget()
    assert _findings(second, drafts) == expected


def _vale_packages() -> object:
    spec = importlib.util.spec_from_file_location(
        "vale_packages", ROOT / "benchmarks" / "vale_packages.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_big_generated_guide_gives_the_same_findings_cached(tmp_path: Path, cache: Path) -> None:
    path = _vale_packages().write_guide(tmp_path / "big")  # type: ignore[attr-defined]
    fresh = load_guide(path)
    assert len(fresh.rules) > 120
    drafts = _drafts()
    # Drafts holding the packages' own words, so that many gates open.
    words = []
    for rule in fresh.rules:
        for token in getattr(rule, "tokens", ())[:3]:
            if token.isalpha():
                words.append(token)
    drafts += [" ".join(words[i : i + 30]) for i in range(0, min(len(words), 600), 30)]
    expected = _findings(fresh, drafts)
    assert sum(len(f[0]) for f in expected) > 100  # type: ignore[index]
    load_guide_cached(path, folder=cache)
    _forget()
    cached = load_guide_cached(path, folder=cache)
    assert cached == fresh
    assert _findings(cached, drafts) == expected


def _hit(path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether the next load comes from the cache (the loader is not called)."""
    called: list[Path] = []
    real = guide_cache.load_guide

    def counting(p: Path) -> Guide:
        called.append(p)
        return real(p)

    monkeypatch.setattr(guide_cache, "load_guide", counting)
    load_guide_cached(path, folder=cache)
    monkeypatch.setattr(guide_cache, "load_guide", real)
    return not called


def test_an_unchanged_guide_is_a_hit(
    workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not _hit(workspace, cache, monkeypatch)
    assert _hit(workspace, cache, monkeypatch)


@pytest.mark.parametrize(
    "edit",
    [
        "guide",
        "rule file",
        "vocabulary",
        "new rule file",
        "removed rule file",
    ],
)
def test_an_edit_to_any_guide_file_is_seen(
    workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    load_guide_cached(workspace, folder=cache)
    assert _hit(workspace, cache, monkeypatch)
    styles = workspace.parent / "styles" / "Northwind"
    if edit == "guide":
        text = workspace.read_text(encoding="utf-8")
        workspace.write_text(text.replace("brand: ", "brand: Renamed ", 1), encoding="utf-8")
    elif edit == "rule file":
        rule = styles / "Hype.yml"
        rule.write_text(
            rule.read_text(encoding="utf-8").replace("message:", "message: Edited", 1),
            encoding="utf-8",
        )
    elif edit == "vocabulary":
        text = workspace.read_text(encoding="utf-8")
        workspace.write_text(
            text.replace("  accept: [", "  accept: [Zyxwvut, ", 1), encoding="utf-8"
        )
    elif edit == "new rule file":
        (styles / "Added.yml").write_text(
            "extends: existence\nmessage: \"no '%s'\"\ntokens: [zyxwvut]\n", encoding="utf-8"
        )
    else:
        (styles / "Hype.yml").unlink()
    assert not _hit(workspace, cache, monkeypatch)
    _forget()
    assert load_guide_cached(workspace, folder=cache) == load_guide(workspace)
    assert _hit(workspace, cache, monkeypatch)


def test_a_vocabulary_file_created_later_is_seen(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "vale"
    (root / "styles" / "config" / "vocabularies" / "Brand").mkdir(parents=True)
    (root / "styles" / "Brand").mkdir()
    (root / "styles" / "Brand" / "Hype.yml").write_text(
        "extends: existence\nmessage: \"no '%s'\"\ntokens: [synergy]\n", encoding="utf-8"
    )
    ini = root / ".vale.ini"
    ini.write_text(
        "StylesPath = styles\nVocab = Brand\n[*]\nBasedOnStyles = Brand\n", encoding="utf-8"
    )
    assert load_guide_cached(ini, folder=cache).vocabulary.reject == ()
    assert _hit(ini, cache, monkeypatch)
    (root / "styles" / "config" / "vocabularies" / "Brand" / "reject.txt").write_text(
        "leverage\n", encoding="utf-8"
    )
    assert not _hit(ini, cache, monkeypatch)
    assert load_guide_cached(ini, folder=cache).vocabulary.reject == ("leverage",)
    (root / "styles" / "config" / "vocabularies" / "Brand" / "reject.txt").write_text(
        "leverage\nsynergise\n", encoding="utf-8"
    )
    assert not _hit(ini, cache, monkeypatch)
    assert load_guide_cached(ini, folder=cache).vocabulary.reject == ("leverage", "synergise")
    assert _hit(ini, cache, monkeypatch)


def test_a_file_the_guide_does_not_read_changes_nothing(
    workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_guide_cached(workspace, folder=cache)
    (workspace.parent / "drafts.txt").write_text("edited\n", encoding="utf-8")
    assert _hit(workspace, cache, monkeypatch)


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "empty", "not ours", "bad pickle"])
def test_a_damaged_entry_is_a_miss_never_an_error(
    workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    load_guide_cached(workspace, folder=cache)
    entry = entry_path(workspace, cache)
    data = entry.read_bytes()
    if damage == "flipped byte":
        data = data[:-100] + bytes([data[-100] ^ 0xFF]) + data[-99:]
    elif damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "empty":
        data = b""
    elif damage == "not ours":
        data = b"something else entirely\n" * 10
    else:  # a correct digest over something that is not an entry
        import hashlib

        payload = b"\x80\x05not a pickle"
        data = guide_cache._MAGIC + hashlib.sha256(payload).digest() + payload
    entry.write_bytes(data)
    assert not _hit(workspace, cache, monkeypatch)  # read again from the files...
    assert load_guide_cached(workspace, folder=cache) == load_guide(workspace)
    assert _hit(workspace, cache, monkeypatch)  # ...and the entry is whole again


def test_a_guide_with_problems_raises_the_same_error_and_is_not_kept(
    workspace: Path, cache: Path
) -> None:
    rule = workspace.parent / "styles" / "Northwind" / "Hype.yml"
    rule.write_text("extends: existence\nmessage: x\ntokens: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(GuideError) as fresh:
        load_guide(workspace)
    for _ in range(2):
        with pytest.raises(GuideError) as cached:
            load_guide_cached(workspace, folder=cache)
        assert cached.value.problems == fresh.value.problems
        assert str(cached.value) == str(fresh.value)
    assert not list(cache.glob("*.guide")) if cache.exists() else True


def test_an_unwritable_cache_folder_only_costs_time(workspace: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    assert load_guide_cached(workspace, folder=blocked / "cache") == load_guide(workspace)


def test_clear_deletes_every_entry(
    workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_guide_cached(workspace, folder=cache)
    assert clear_guide_cache(cache) == 1
    assert not _hit(workspace, cache, monkeypatch)


_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from composer.core.checker import Checker
    from composer.services.guide_cache import load_guide_cached
    guide = load_guide_cached(sys.argv[1], folder=Path(sys.argv[2]))
    report = Checker(guide).check(sys.argv[3])
    print(len(guide.rules), [(f.rule, f.start, f.end) for f in report.findings])
    """
)


def test_concurrent_writers_leave_a_whole_entry(
    workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _drafts()[0]
    command = [sys.executable, "-c", _WRITER, str(workspace), str(cache), text]
    for _ in range(2):  # both miss at first and write at once; then a hit and a writer race
        runs = [
            subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT) for _ in range(2)
        ]
        outputs = [run.communicate(timeout=300)[0] for run in runs]
        assert [run.returncode for run in runs] == [0, 0]
        assert outputs[0] == outputs[1]
    guide = load_guide(workspace)
    report = Checker(guide).check(text)
    assert outputs[0].strip() == str(len(guide.rules)) + " " + str(
        [(f.rule, f.start, f.end) for f in report.findings]
    )
    assert [p.name for p in cache.iterdir()] == [
        entry_path(workspace, cache).name
    ]  # no temporary left
    assert _hit(workspace, cache, monkeypatch)


def test_a_hit_brings_the_big_patterns_compiled(tmp_path: Path, cache: Path) -> None:
    root = tmp_path / "g"
    (root / "styles" / "Big").mkdir(parents=True)
    tokens = ", ".join(f"word{i}x" for i in range(300))
    (root / "styles" / "Big" / "Many.yml").write_text(
        f"extends: existence\nmessage: \"no '%s'\"\ntokens: [{tokens}]\n", encoding="utf-8"
    )
    guide_file = root / "guide.yml"
    guide_file.write_text("brand: Big\nstyles: [styles/Big]\n", encoding="utf-8")
    load_guide_cached(guide_file, folder=cache)
    _forget()
    guide = load_guide_cached(guide_file, folder=cache)
    source = guide.rules[0].pattern()  # type: ignore[attr-defined]
    assert source in compiled_patterns._TAUGHT
    taught = compiled_patterns._TAUGHT[source]
    assert compiled_patterns.rule_pattern(source) is taught
    report = Checker(guide).check("say word7x and word299x, not word300x")
    assert [(f.start, f.end) for f in report.findings if f.rule == "Big.Many"] == [
        (4, 10),
        (15, 23),
    ]


def test_a_taught_pattern_must_be_the_one_its_source_compiles_to() -> None:
    import regex

    _forget()
    compiled_patterns.learn_patterns(
        {"abc": regex.compile("xyz", regex.VERSION0), "def": regex.compile("def", regex.VERSION1)}
    )
    assert compiled_patterns._TAUGHT == {}
    compiled_patterns.learn_patterns({"abc": regex.compile("abc", regex.VERSION0)})
    assert set(compiled_patterns._TAUGHT) == {"abc"}
    _forget()


@pytest.mark.parametrize("what", ["entry", "folder"])
def test_an_entry_others_may_write_is_not_read(
    workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    load_guide_cached(workspace, folder=cache)
    target = entry_path(workspace, cache) if what == "entry" else cache
    target.chmod(0o666 if what == "entry" else 0o777)
    assert not _hit(workspace, cache, monkeypatch)
    target.chmod(0o600 if what == "entry" else 0o700)
    load_guide_cached(workspace, folder=cache)
    assert _hit(workspace, cache, monkeypatch)


def test_a_group_writable_cache_folder_of_ours_is_made_private(
    workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.mkdir()
    cache.chmod(0o775)  # as a umask of 002 makes it
    load_guide_cached(workspace, folder=cache)
    assert cache.stat().st_mode & 0o777 == 0o700
    assert _hit(workspace, cache, monkeypatch)


_HIT_IMPORTS = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from composer.core.checker import Checker
    from composer.services.guide_cache import load_guide_cached
    guide = load_guide_cached(sys.argv[1], folder=Path(sys.argv[2]))
    Checker(guide).check("Our TrailPro boots")
    print("composer.core.guide.loader" in sys.modules)
    """
)


def test_a_hit_does_not_import_the_loader(workspace: Path, cache: Path) -> None:
    command = [sys.executable, "-c", _HIT_IMPORTS, str(workspace), str(cache)]
    first = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    second = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    assert first.stdout.strip() == "True"  # a miss loads the guide
    assert second.stdout.strip() == "False"  # a hit needs only the model


_HIT_YAML = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from composer.core.checker import Checker
    from composer.services.guide_cache import load_guide_cached
    guide = load_guide_cached(sys.argv[1], folder=Path(sys.argv[2]))
    report = Checker(guide).check("Our TrailPro boots are 100% waterproof!! Damn, buy now")
    print("yaml" in sys.modules, len(report.findings), report.score)
    """
)


def test_a_hit_brings_the_tone_lexicons_without_reading_yaml(workspace: Path, cache: Path) -> None:
    command = [sys.executable, "-c", _HIT_YAML, str(workspace), str(cache)]
    first = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    second = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    imported, *report = first.stdout.split()
    assert imported == "True"  # a miss reads the guide and the lexicons' YAML
    assert second.stdout.split() == ["False", *report]  # a hit: the same findings, no YAML


def test_a_hit_brings_the_tone_analyzer_built(
    workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from composer.core.tone import analyzer

    drafts = _drafts()
    analyzer.forget_tone_analyzers()
    expected = _findings(load_guide(workspace), drafts)  # built here, nothing taught
    load_guide_cached(workspace, folder=cache)  # a miss: keeps the analyzer, compiled
    analyzer.forget_tone_analyzers()
    second = load_guide_cached(workspace, folder=cache)  # a hit: teaches it

    def no_building(directory: Path) -> object:
        raise AssertionError("the tone analyzer was built again")

    monkeypatch.setattr(analyzer, "load_lexicons", no_building)
    assert _findings(second, drafts) == expected
