// Every command a README shows in a shell block must run as written: a `pnpm <name>` that pnpm hands to npm or
// runs as its own built-in instead of the script (`pnpm docs`), or that names no script, fails here. The READMEs
// are read as they are on disk, so a command someone adds tomorrow is checked without an edit here.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { commandsOf, loadWorkspace, problemsOfCommand, type Workspace } from "./commands.js";

const workspace = loadWorkspace();

const SHELL_LANGUAGES = new Set(["sh", "bash", "shell", "console", "zsh"]);

/** The READMEs of the root, of every workspace package, and of .changeset; and CONTRIBUTING.md. */
function readmes(): string[] {
  const dirs = [".", ".changeset", ...[...workspace.packages.values()].map((pkg) => pkg.dir)];
  return [...dirs.map((dir) => join(dir, "README.md")), "CONTRIBUTING.md"].filter((file) =>
    existsSync(join(workspace.root, file)),
  );
}

/** The fenced code blocks of `markdown` whose language is a shell, with the line each starts on. */
function shellBlocksOf(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  let open: { line: number; lines: string[]; shell: boolean; fence: string } | undefined;
  markdown.split("\n").forEach((text, index) => {
    const fence = /^\s*(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
    if (!open) {
      if (fence) open = { line: index + 1, lines: [], shell: SHELL_LANGUAGES.has(fence[2]!), fence: fence[1]! };
      return;
    }
    if (fence && fence[1]!.startsWith(open.fence) && fence[2] === "") {
      if (open.shell) blocks.push({ line: open.line, code: open.lines.join("\n") });
      open = undefined;
      return;
    }
    open.lines.push(text);
  });
  return blocks;
}

function problemsOfReadme(markdown: string, file: string, against: Workspace): string[] {
  return shellBlocksOf(markdown).flatMap(({ line, code }) =>
    commandsOf(code).flatMap((command) => problemsOfCommand(command, `${file} (block at line ${line})`, against)),
  );
}

describe("README shell blocks", () => {
  const files = readmes();

  it("are found in the root README and the packages' READMEs", ({ expect }) => {
    expect(files).toContain("README.md");
    expect(files.filter((file) => file.startsWith("packages/")).length).toBeGreaterThan(0);
    const pnpmCommands = files.flatMap((file) =>
      shellBlocksOf(readFileSync(join(workspace.root, file), "utf8")).flatMap(({ code }) =>
        commandsOf(code).filter((ws) => ws[0] === "pnpm"),
      ),
    );
    expect(pnpmCommands.length).toBeGreaterThan(5);
  });

  it.for(files)("%s: every command names a script, package, bin or file that exists", (file, { expect }) => {
    expect(problemsOfReadme(readFileSync(join(workspace.root, file), "utf8"), file, workspace)).toEqual([]);
  });

  // The check must be able to fail: each README below has one command that does not run as written.
  const fake: Workspace = {
    ...workspace,
    rootPackage: { ...workspace.rootPackage, scripts: { ...workspace.rootPackage.scripts, install: "echo shadowed" } },
  };
  it.for([
    { wrong: "a command pnpm hands to npm", command: "pnpm docs", problem: `pnpm docs is npm's "docs" command` },
    { wrong: "a pnpm built-in that shadows a script", command: "pnpm install", problem: "runs pnpm's built-in" },
    { wrong: "a root script that does not exist", command: "PORT=1 pnpm nope", problem: "has no such script" },
    { wrong: "an explicit run of a missing script", command: "pnpm run nope", problem: "has no such script" },
    {
      wrong: "a script the filtered package lacks",
      command: "pnpm --filter @sms-otp/docs nope",
      problem: "@sms-otp/docs has no such script",
    },
    { wrong: "a script file that does not exist", command: "./scripts/nope --flag", problem: "no such file" },
    { wrong: "a repository script node cannot find", command: "node scripts/nope.mjs", problem: "no such file" },
  ])("the check catches $wrong", ({ command, problem }, { expect }) => {
    const readme = ["# Example", "", "```sh", "./scripts/test", `${command}   # a comment`, "```", ""].join("\n");
    expect(problemsOfReadme(readme, "EXAMPLE.md", fake)).toEqual([expect.stringContaining(problem)]);
  });

  it("reads only shell blocks, and each of them whole", ({ expect }) => {
    const readme = ["```ts", "pnpm nope", "```", "```bash", "$ pnpm build \\", "  --flag", "pnpm test", "```"].join("\n");
    expect(shellBlocksOf(readme)).toEqual([{ line: 4, code: "$ pnpm build \\\n  --flag\npnpm test" }]);
    expect(problemsOfReadme(readme, "EXAMPLE.md", workspace)).toEqual([]);
  });
});
