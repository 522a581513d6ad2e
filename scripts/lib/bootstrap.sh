# Sourced by the scripts in scripts/: installs the pinned pnpm when it is missing, then the workspace from the
# lockfile, and turns off every tool's telemetry and update checks.
PNPM_VERSION=10.34.9

export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1 DO_NOT_TRACK=1
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

fail() {
  echo "error: $*" >&2
  exit 1
}

node_major=$(node -p 'process.versions.node.split(".").map(Number).join(" ")' 2>/dev/null) ||
  fail "Node.js is not installed; install Node 20.19 or newer and run this again."
read -r major minor _ <<<"$node_major"
if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
  fail "Node $(node --version) is too old; this repository needs Node 20.19 or newer."
fi

if [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "Installing pnpm $PNPM_VERSION (npm i -g pnpm@$PNPM_VERSION)"
  npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION" >/dev/null ||
    fail "could not install pnpm $PNPM_VERSION with npm."
fi

pnpm install --frozen-lockfile --reporter=append-only | grep -v '^Progress' || true
[ "${PIPESTATUS[0]}" -eq 0 ] || fail "pnpm install --frozen-lockfile failed (is pnpm-lock.yaml up to date?)."
