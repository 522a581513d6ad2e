# Sourced by the scripts in scripts/: puts the repository's Node (.nvmrc, 24) first on PATH, fetched from the npm
# registry when the machine's own node is older; installs the pinned pnpm when it is missing, then the workspace
# from the lockfile; and turns off every tool's telemetry and update checks.
PNPM_VERSION=10.34.9
# The root package.json's engines: Prism 5.16, the mock's engine, needs Node 24.18.
NODE_MINIMUM=24.18
NODE_LINE=$(cat .nvmrc)

export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1 DO_NOT_TRACK=1
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

fail() {
  echo "error: $*" >&2
  exit 1
}

# True when the node first on PATH is at least $NODE_MINIMUM.
node_is_recent() {
  node -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    const [wantMajor, wantMinor] = process.argv[1].split(".").map(Number);
    process.exit(major > wantMajor || (major === wantMajor && minor >= wantMinor) ? 0 : 1);
  ' "$NODE_MINIMUM" 2>/dev/null
}

command -v node >/dev/null && command -v npx >/dev/null ||
  fail "Node.js (with npm) is not installed; install any Node.js 20 or newer and run this again."
if ! node_is_recent; then
  # The npm registry's `node` package is a real Node binary; npx keeps it in its cache for the next run.
  echo "Node $(node --version) is older than $NODE_MINIMUM: using Node $NODE_LINE from the npm registry (npx node@$NODE_LINE)"
  node_path=$(npx --yes --loglevel=error "node@$NODE_LINE" --print process.execPath) ||
    fail "could not get Node $NODE_LINE from the npm registry (npx --yes node@$NODE_LINE)."
  # pnpm, turbo and every tool they start run on the first node on PATH.
  export PATH="$(dirname "$node_path"):$PATH"
  node_is_recent || fail "npx node@$NODE_LINE gave Node $(node --version), older than $NODE_MINIMUM."
fi

if [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "Installing pnpm $PNPM_VERSION (npm i -g pnpm@$PNPM_VERSION)"
  npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION" >/dev/null ||
    fail "could not install pnpm $PNPM_VERSION with npm."
fi

pnpm install --frozen-lockfile --reporter=append-only | grep -v '^Progress' || true
[ "${PIPESTATUS[0]}" -eq 0 ] || fail "pnpm install --frozen-lockfile failed (is pnpm-lock.yaml up to date?)."
