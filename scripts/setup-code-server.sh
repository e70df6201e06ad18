#!/usr/bin/env bash
# Installs what the e2e harness (test/e2e/runInCodeServer.mjs) needs:
# Debian's chromium + ripgrep + native build deps, and code-server in .tools/code-server.
# Idempotent: a finished install leaves a marker and is skipped next time.
# The code-server npm package's postinstall needs the internet, so its steps are redone here offline.
set -euo pipefail

CODE_SERVER_VERSION="4.100.3"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools/code-server"
MARKER="$TOOLS/.installed-$CODE_SERVER_VERSION"
CS="$TOOLS/node_modules/code-server"
VSCODE="$CS/lib/vscode"
# Native modules of VS Code's server that must load; @parcel/watcher ships a prebuilt binary.
VSCODE_NATIVE=(kerberos node-pty @parcel/watcher @vscode/spdlog native-watchdog @vscode/deviceid)

log() { echo "[setup-code-server] $*"; }
die() { echo "[setup-code-server] ERROR: $*" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive npm_config_yes=true npm_config_fund=false npm_config_audit=false

# --- system packages -------------------------------------------------------
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)"
[ "$node_major" = "20" ] || die "code-server $CODE_SERVER_VERSION needs Node 20 (found: ${node_major:-no node})"

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
for p in libkrb5-dev pkg-config; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
command -v make >/dev/null && command -v g++ >/dev/null || missing+=(build-essential)
command -v python3 >/dev/null || missing+=(python3)
# Not for the editor: the unit tests make large-window zstd frames (zstd --long=27) with the reference CLI.
command -v zstd >/dev/null || missing+=(zstd)

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "need root (or sudo) to apt-get install: ${missing[*]}"
    SUDO="sudo -n"
  fi
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq </dev/null || die "apt-get update failed"
  $SUDO apt-get install -y -qq "${missing[@]}" </dev/null >/dev/null \
    || die "apt-get install ${missing[*]} failed"
else
  log "system packages present (chromium, ripgrep, libkrb5-dev, pkg-config, build tools)"
fi
chromium --version >/dev/null 2>&1 || die "chromium missing or broken after apt-get"
command -v rg >/dev/null || die "rg still missing after apt-get"

# node-gyp must not try to download Node headers (no internet): use the machine's own.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi

# --- code-server -------------------------------------------------------------
mkdir -p "$TOOLS"
exec 9>"$TOOLS/.lock"
flock 9 # two runs at once would trample each other's node_modules

if [ -f "$MARKER" ] && [ -f "$CS/out/node/entry.js" ]; then
  log "code-server $CODE_SERVER_VERSION already installed in ${TOOLS#$ROOT/} (delete $MARKER to redo)"
  exit 0
fi

start=$(date +%s)
log "installing code-server $CODE_SERVER_VERSION into ${TOOLS#$ROOT/} (a half-finished install is wiped first)"
find "$TOOLS" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +
echo '{ "name": "e2e-tools", "private": true }' >"$TOOLS/package.json"

(cd "$TOOLS" && npm install --ignore-scripts --no-save "code-server@$CODE_SERVER_VERSION") \
  || die "npm install code-server@$CODE_SERVER_VERSION failed"

log "installing VS Code's server dependencies"
(cd "$VSCODE" && npm install --omit=dev --ignore-scripts) || die "npm install in lib/vscode failed"
(cd "$VSCODE/extensions" && npm install --omit=dev --ignore-scripts) || die "npm install in lib/vscode/extensions failed"

log "building native modules: ${VSCODE_NATIVE[*]}"
(cd "$VSCODE" && npm rebuild "${VSCODE_NATIVE[@]}") || die "npm rebuild of VS Code's native modules failed"

# npm 11 may skip install scripts that are not allow-listed; build those with node-gyp directly.
NODE_GYP="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
for m in "${VSCODE_NATIVE[@]}"; do
  if ! (cd "$VSCODE" && node -e "require('$m')" 2>/dev/null); then
    [ -f "$VSCODE/node_modules/$m/binding.gyp" ] || die "$m does not load and has no binding.gyp to build"
    log "$m did not load after npm rebuild; running node-gyp rebuild"
    (cd "$VSCODE/node_modules/$m" && node "$NODE_GYP" rebuild) || die "node-gyp rebuild of $m failed"
  fi
  (cd "$VSCODE" && node -e "require('$m')") || die "native module $m does not load"
done

# @vscode/ripgrep's postinstall downloads rg; VS Code's search only needs a binary at bin/rg.
mkdir -p "$VSCODE/node_modules/@vscode/ripgrep/bin"
ln -sfn "$(command -v rg)" "$VSCODE/node_modules/@vscode/ripgrep/bin/rg"
# VS Code and extensions look for modules in node_modules.asar (the packaged layout).
ln -sfn node_modules "$VSCODE/node_modules.asar"
# The rest of code-server's postinstall: the `code` CLI inside its terminals and the browser helper.
ln -sfn code-linux.sh "$VSCODE/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$VSCODE/bin/helpers/browser.sh"

log "building argon2 from source (its prebuilt download needs the internet)"
(cd "$TOOLS" && npm_config_build_from_source=true npm rebuild argon2) || die "npm rebuild argon2 failed"
(cd "$TOOLS" && node -e "require('argon2')") || die "argon2 does not load"

# A throwaway HOME-ish dir: code-server writes a default config.yaml on its first run.
xdg="$(mktemp -d)"
version="$(XDG_CONFIG_HOME="$xdg" XDG_DATA_HOME="$xdg" node "$CS/out/node/entry.js" --version 2>/dev/null \
  | grep -m1 "^$CODE_SERVER_VERSION" || true)"
rm -rf "$xdg"
case "$version" in
  "$CODE_SERVER_VERSION"*) ;;
  *) die "code-server --version did not report $CODE_SERVER_VERSION (got: '$version')" ;;
esac

echo "$version" >"$MARKER"
log "code-server $version installed in $(( $(date +%s) - start ))s"
