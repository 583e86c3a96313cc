#!/usr/bin/env bash
# Installs the Debian packages Tessera needs when they are missing. Safe to rerun.
# Usage: scripts/install-deps.sh [--with-browser] [--with-bench] [--with-schemathesis]
set -euo pipefail

# pgbouncer: the tests start their own (transaction pooling, a free port) in front of the test PostgreSQL.
packages=(pkg-config postgresql libpq-dev libssl-dev pgbouncer)
for arg in "$@"; do
  case "$arg" in
    # A colour emoji font, so ⭐ and the like render in the mini app's screenshots.
    --with-browser) packages+=(chromium fonts-noto-color-emoji) ;;
    --with-bench) packages+=(wrk nginx-light) ;;
    --with-schemathesis)
      # A python3 that can make a venv with pip (Debian splits venv out), and curl.
      python3 -c 'import venv, ensurepip' 2>/dev/null || packages+=(python3-venv)
      command -v curl >/dev/null || packages+=(curl)
      ;;
    *) echo "unknown option $arg" >&2; exit 64 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; exit 69; }
  sudo="sudo"
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null || true
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
