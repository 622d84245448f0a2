import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitDriver, redactGitOutput } from "./git-driver.js";

let work = "";
let repoUrl = "";
const commits: string[] = [];
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.com",
    },
  }).trim();

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "argosy-git-test-"));
  const src = path.join(work, "src");
  git(work, "init", "-q", "-b", "main", src);
  for (const v of ["one", "two", "three"]) {
    await writeFile(path.join(src, "version.txt"), v);
    git(src, "add", ".");
    git(src, "commit", "-q", "-m", v);
    commits.push(git(src, "rev-parse", "HEAD"));
  }
  git(src, "checkout", "-q", "-b", "feature");
  await writeFile(path.join(src, "feature.txt"), "feature");
  git(src, "add", ".");
  git(src, "commit", "-q", "-m", "feature");
  git(src, "checkout", "-q", "main");
  git(work, "clone", "-q", "--bare", src, path.join(work, "repo.git"));
  repoUrl = `file://${path.join(work, "repo.git")}`;
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("GitDriver", () => {
  const driver = new GitDriver({ resolveSecret: async () => "unused" });

  it("clones the default branch into a directory", async () => {
    const dest = path.join(work, "out/default");
    await driver.load({ git: { repo: repoUrl } }, dest);
    expect(await readFile(path.join(dest, "version.txt"), "utf8")).toBe("three");
  });

  it("checks out a revision, even one a shallow clone lacks", async () => {
    const dest = path.join(work, "out/rev");
    await driver.load({ git: { repo: repoUrl, revision: commits[0], depth: 1 } }, dest);
    expect(await readFile(path.join(dest, "version.txt"), "utf8")).toBe("one");
  });

  it("makes a shallow clone with depth", async () => {
    const dest = path.join(work, "out/shallow");
    await driver.load({ git: { repo: repoUrl, depth: 1 } }, dest);
    expect(git(dest, "rev-list", "--count", "HEAD")).toBe("1");
  });

  it("clones a single branch and checks out a branch revision", async () => {
    const dest = path.join(work, "out/single");
    await driver.load({ git: { repo: repoUrl, singleBranch: true, branch: "feature" } }, dest);
    expect(await readFile(path.join(dest, "feature.txt"), "utf8")).toBe("feature");
    const byName = path.join(work, "out/byname");
    await driver.load({ git: { repo: repoUrl, revision: "feature" } }, byName);
    expect(await readFile(path.join(byName, "feature.txt"), "utf8")).toBe("feature");
    await expect(driver.load({ git: { repo: repoUrl, singleBranch: true } }, dest)).rejects.toMatchObject({
      code: "Invalid",
    });
  });

  it("fails clearly for a missing repository without leaking credentials", async () => {
    const withCreds = new GitDriver({
      resolveSecret: async (r) => (r.key === "password" ? "pa55word" : "bob"),
    });
    const err = await withCreds
      .load(
        {
          git: {
            repo: `file://${path.join(work, "nope.git")}`,
            usernameSecret: { name: "g", key: "username" },
            passwordSecret: { name: "g", key: "password" },
          },
        },
        path.join(work, "out/missing"),
      )
      .then(
        () => new Error("unexpectedly succeeded"),
        (e: unknown) => e as Error,
      );
    expect(err.message).toContain("git clone");
    expect(err.message).not.toContain("pa55word");
    expect(redactGitOutput("fatal: https://bob:pa55word@host/x and pa55word", ["pa55word"])).toBe(
      "fatal: https://***@host/x and ***",
    );
  });
});
