#!/usr/bin/env bash
# Prints the path of a Chromium for Playwright: the user's own choice, Debian's package, or it installs it.
set -euo pipefail
if [ -n "${PLAYWRIGHT_CHROMIUM_EXECUTABLE:-}" ]; then
  if [ -x "$PLAYWRIGHT_CHROMIUM_EXECUTABLE" ]; then echo "$PLAYWRIGHT_CHROMIUM_EXECUTABLE"; exit 0; fi
  echo "PLAYWRIGHT_CHROMIUM_EXECUTABLE is set to '$PLAYWRIGHT_CHROMIUM_EXECUTABLE', which is not an executable file." >&2
  exit 1
fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's chromium for the browser tests (once)..." >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >&2
  if [ -x /usr/bin/chromium ]; then echo /usr/bin/chromium; exit 0; fi
fi
cat >&2 <<'MSG'
The browser tests need Chromium and none was found.
Install it (Debian/Ubuntu: sudo apt-get install chromium), or point
PLAYWRIGHT_CHROMIUM_EXECUTABLE at a Chromium or Chrome binary, then run make test again.
MSG
exit 1
