// The Node versions that the client's `engines` promises, each as a binary to run the packed client on: the lowest
// version of every range in `engines.node` (where `require()` of an ES module first works without a flag), fetched
// from the npm registry's `node` package, plus the Node running the tests (the repository's own, .nvmrc).
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface NodeBinary {
  version: string;
  execPath: string;
}

/** "^20.19 || >=22.12" → ["20.19.0", "22.12.0"]. Any other form of range fails, so a new one gets a look. */
export function lowestDeclaredVersions(range: string): string[] {
  return range.split("||").map((part) => {
    const match = /^\s*(?:\^|>=)(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(part);
    if (!match) throw new Error(`engines.node part "${part.trim()}" is not ^X.Y or >=X.Y`);
    return [match[1], match[2] ?? "0", match[3] ?? "0"].join(".");
  });
}

async function fetchNode(version: string): Promise<NodeBinary> {
  // npx keeps the package in its cache: only the first run downloads it (about 30 MB), and --prefer-offline takes
  // an exact version from there without asking the registry again.
  const { stdout } = await run(
    "npx",
    ["--yes", "--prefer-offline", "--loglevel=error", `node@${version}`, "--print", "process.execPath"],
    { timeout: 120_000 }
  );
  return { version, execPath: stdout.trim() };
}

export async function declaredNodes(range: string): Promise<NodeBinary[]> {
  const running = process.versions.node;
  const lowest = lowestDeclaredVersions(range).filter((version) => version !== running);
  return [...(await Promise.all(lowest.map(fetchNode))), { version: running, execPath: process.execPath }];
}
