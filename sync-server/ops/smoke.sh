#!/usr/bin/env bash
# `npm run smoke`: installs what the production smoke test needs on a fresh Debian machine
# (nginx, PostgreSQL with pg_dump/pg_restore/pg_resetwal, openssl, curl) and runs it
# (ops/smoke.ts). Needs root or sudo for apt-get; nothing is installed when all is there.
# Installing Debian's postgresql/nginx packages may create and start their default
# services (cluster `main` on 5432, the default site on 80); the smoke test uses neither.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "[smoke] installing ${missing[*]} (apt-get)"
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
export PATH="$PATH:/usr/sbin"
exec npx tsx ops/smoke.ts
