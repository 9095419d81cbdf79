#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real: a PostgreSQL server
# (started per test session as the postgres user), Chromium for browser tests, and node with
# npm, which install and run the OpenID Connect provider of the single sign-on test
# (tests/browser/oidc: `npm ci` into ~/.cache/culture-ledger on its first run).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
id postgres >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing system packages: ${need[*]} (run as root or install them)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" fonts-noto-cjk >/dev/null
fi
