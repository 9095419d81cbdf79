#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real: a PostgreSQL server
# (started per test session as the postgres user), Chromium for browser tests, and node with
# npm, which install and run the OpenID Connect provider of the single sign-on test
# (tests/browser/oidc: `npm ci` into ~/.cache/culture-ledger on its first run); LibreOffice Writer
# (headless, no GUI) that turns the Word report and the printable ledgers into PDF, poppler-utils
# whose pdftotext reads the PDF back in the tests, and the Noto CJK fonts the PDF embeds where the
# official fonts (仿宋_GB2312, 方正小标宋简体) are not installed.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
id postgres >/dev/null 2>&1 || need+=(postgresql)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
ls /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing system packages: ${need[*]} (run as root or install them)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" fonts-noto-cjk >/dev/null
fi
