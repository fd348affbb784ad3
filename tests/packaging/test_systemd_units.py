"""The systemd user unit and timer for ``publish-due`` (packaging/systemd)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

from composer.cli import build_parser

UNITS = Path(__file__).resolve().parents[2] / "packaging" / "systemd"


def _unit(name: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read(UNITS / name, encoding="utf-8")
    return parser


def test_service_runs_publish_due_once() -> None:
    service = _unit("brand-composer-publish.service")
    assert service["Service"]["Type"] == "oneshot"
    command = service["Service"]["ExecStart"].split()
    assert command[0].endswith("/brand-composer") and command[1:] == ["publish-due"]
    # The command it runs exists in the CLI.
    args = build_parser().parse_args(command[1:])
    assert args.command == "publish-due"
    # Exit 1 (a post failed) is reported, not treated as a unit failure loop.
    assert "1" in service["Service"]["SuccessExitStatus"].split()


def test_timer_triggers_the_service_every_minute() -> None:
    timer = _unit("brand-composer-publish.timer")
    assert timer["Timer"]["Unit"] == "brand-composer-publish.service"
    assert timer["Install"]["WantedBy"] == "timers.target"
    assert timer["Timer"]["Persistent"] == "true"


def test_timer_calendar_is_valid() -> None:
    calendar = _unit("brand-composer-publish.timer")["Timer"]["OnCalendar"]
    if shutil.which("systemd-analyze") is None:  # a container without systemd
        assert calendar == "*-*-* *:*:00"
        return
    result = subprocess.run(
        ["systemd-analyze", "calendar", calendar],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "Normalized form: *-*-* *:*:00" in result.stdout
