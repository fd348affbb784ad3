#!/usr/bin/env bash
# Run the whole test suite exactly as CI does: install what it needs, then pytest offscreen
# inside a D-Bus session with an unlocked gnome-keyring (real Secret Service for keyring tests).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${BRAND_COMPOSER_IN_DBUS:-}" ] || bash scripts/install.sh --dev

export QT_QPA_PLATFORM=offscreen
export LANG=C.UTF-8 LC_ALL=C.UTF-8
export PYTHONHASHSEED=0

# One pytest worker per core (pytest-xdist); BRAND_COMPOSER_TEST_WORKERS=0 runs in one process.
workers=${BRAND_COMPOSER_TEST_WORKERS:-auto}

run_pytest() {
  set +e
  if [ "$workers" = "0" ]; then
    .venv/bin/python -m pytest "$@"
  else
    .venv/bin/python -m pytest -n "$workers" "$@"
  fi
  code=$?
  set -e
  if [ "$code" -eq 5 ]; then
    echo "pytest collected no tests: that is a failure" >&2
    return 1
  fi
  return "$code"
}

if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null \
   && [ -z "${BRAND_COMPOSER_IN_DBUS:-}" ]; then
  export BRAND_COMPOSER_IN_DBUS=1
  # A fresh keyring folder each run: an old login keyring with another password stays locked.
  keyring_home=$(mktemp -d)
  exec dbus-run-session -- bash -c '
    export XDG_DATA_HOME="$1/data"; shift
    echo -n test-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true
    exec bash scripts/test.sh "$@"' bash "$keyring_home" "$@"
fi
run_pytest "$@"
