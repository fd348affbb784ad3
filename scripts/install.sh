#!/usr/bin/env bash
# Install Brand Voice Composer on Debian/Ubuntu: the system libraries Qt needs, a virtual
# environment in .venv, and the app itself. Pass --dev to add the test and lint tools.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
for arg in "$@"; do
  case "$arg" in
    --dev) dev=1 ;;
    *) echo "usage: scripts/install.sh [--dev]" >&2; exit 2 ;;
  esac
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Qt's runtime libraries (offscreen and X11), emoji and text fonts, Python's venv.
APT_PACKAGES=(
  python3 python3-venv python3-pip
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libx11-xcb1
  fonts-noto-color-emoji fonts-dejavu-core
)
if [ "$dev" -eq 1 ]; then
  # Tests: a virtual screen, a real Secret Service for keyring tests, node for the
  # twitter-text oracle, PostgreSQL for team-mode store tests (the tests start a throw-away
  # cluster of their own with initdb/pg_ctl from /usr/lib/postgresql/*/bin; a system
  # cluster the package may start is left alone and unused).
  # hunspell-en-us: the system dictionary a Vale spelling rule test names.
  APT_PACKAGES+=(xvfb xauth gnome-keyring dbus dbus-x11 nodejs npm postgresql appstream desktop-file-utils hunspell-en-us)
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# node and npm may come from elsewhere (nodesource, nvm): do not fight them.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for pkg in "${missing[@]}"; do
    case "$pkg" in nodejs|npm) ;; *) filtered+=("$pkg") ;; esac
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ "$dev" -eq 1 ]; then
  .venv/bin/python -m pip install -q -e '.[dev]'
  if [ -f tests/helpers/package.json ]; then
    npm ci --prefix tests/helpers --no-audit --no-fund --silent >/dev/null 2>&1 \
      || npm install --prefix tests/helpers --no-audit --no-fund --silent >/dev/null
  fi
else
  .venv/bin/python -m pip install -q -e .
fi
echo "Installed. Start the app with: .venv/bin/brand-composer"
