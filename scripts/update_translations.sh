#!/usr/bin/env bash
# Regenerate the translation template from the UI's tr() strings and compile every translation.
#
#   bash scripts/update_translations.sh
#
# - resources/translations/brand_composer.ts: the template (every source string, nothing
#   translated). Re-run after changing UI text; a test fails while it is out of date.
# - resources/translations/brand_composer_<lang>.ts: one per language (copy the template to
#   start one); updated with the new strings, then compiled to brand_composer_<lang>.qm, which
#   the app loads for that locale. See docs/translating.md.
set -euo pipefail
cd "$(dirname "$0")/.."

LUPDATE=${LUPDATE:-.venv/bin/pyside6-lupdate}
LRELEASE=${LRELEASE:-.venv/bin/pyside6-lrelease}
for tool in "$LUPDATE" "$LRELEASE"; do
  if ! command -v "$tool" >/dev/null; then
    echo "update_translations: $tool not found; install the project first (scripts/install.sh --dev)" >&2
    exit 2
  fi
done

out=resources/translations
mkdir -p "$out"
# Every Python file of the UI, in a stable order (the template's order follows it).
mapfile -t sources < <(find composer/ui -name '*.py' -not -path '*/__pycache__/*' | LC_ALL=C sort)

"$LUPDATE" -silent -no-obsolete -locations relative "${sources[@]}" -ts "$out/brand_composer.ts"
echo "template: $out/brand_composer.ts"

shopt -s nullglob
for ts in "$out"/brand_composer_*.ts; do
  # Keep vanished strings (marked obsolete) so a translator's work is never thrown away.
  "$LUPDATE" -silent -locations relative "${sources[@]}" -ts "$ts"
  "$LRELEASE" -silent "$ts" -qm "${ts%.ts}.qm"
  echo "compiled: ${ts%.ts}.qm"
done
