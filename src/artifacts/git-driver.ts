/**
 * Git artifacts through the `git` CLI: clone (optionally shallow and single-branch), extra
 * `fetch` refspecs, check out `revision`, update submodules. The destination is a directory.
 *
 * Credentials travel in the child's environment and reach git through an askpass script or
 * `GIT_SSH_COMMAND`; they never appear in argv or in error messages.
 */
import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ArgosyError, invalid } from "../util/errors.js";
import { replaceWith, stagingPath, statOrUndefined } from "./fs-util.js";
import type { ArtifactDriver, ArtifactLocation, GitLocation, ResolveSecret } from "./types.js";

/** Options for {@link GitDriver}. */
export interface GitDriverOptions {
  resolveSecret: ResolveSecret;
  /** The git executable. @default "git" */
  gitPath?: string;
}

interface GitRun {
  env: Record<string, string>;
  /** Secret values to blank out of any git output we surface. */
  secrets: string[];
  config: string[];
}

const ASKPASS = `#!/bin/sh
case "$1" in
  Username*) printf '%s\\n' "$ARGOSY_GIT_USERNAME" ;;
  *) printf '%s\\n' "$ARGOSY_GIT_PASSWORD" ;;
esac
`;

/** Replaces secret values and URL user info in git's output. */
export function redactGitOutput(text: string, secrets: readonly string[]): string {
  let out = text.replace(/(\w+:\/\/)[^/@\s]+@/g, "$1***@");
  for (const s of secrets) if (s.length > 0) out = out.split(s).join("***");
  return out;
}

/** A driver for `git` locations; read-only, as in Argo. */
export class GitDriver implements ArtifactDriver {
  constructor(private readonly options: GitDriverOptions) {}

  async load(location: ArtifactLocation, destPath: string): Promise<void> {
    const g = location.git;
    if (!g?.repo) throw invalid("the git artifact driver needs a `git.repo`");
    if (g.singleBranch && !g.branch) throw invalid("single branch mode without a branch specified");
    const work = await mkdtemp(path.join(tmpdir(), "argosy-git-"));
    const staged = await stagingPath(destPath);
    try {
      const run = await this.prepare(g, work);
      await this.clone(g, staged, run);
      await replaceWith(staged, destPath);
    } catch (e) {
      await rm(staged, { recursive: true, force: true });
      throw e;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  async save(): Promise<void> {
    throw invalid("git output artifacts unsupported");
  }

  async delete(): Promise<void> {
    // Argo never deletes from git repositories; artifact GC treats this as nothing to do.
  }

  private async prepare(g: GitLocation, work: string): Promise<GitRun> {
    const env: Record<string, string> = { GIT_TERMINAL_PROMPT: "0" };
    const secrets: string[] = [];
    const config = g.insecureSkipTLS ? ["-c", "http.sslVerify=false"] : [];
    if (g.usernameSecret || g.passwordSecret) {
      const askpass = path.join(work, "askpass.sh");
      await writeFile(askpass, ASKPASS, { mode: 0o700 });
      env.GIT_ASKPASS = askpass;
      env.ARGOSY_GIT_USERNAME = g.usernameSecret ? await this.options.resolveSecret(g.usernameSecret) : "";
      env.ARGOSY_GIT_PASSWORD = g.passwordSecret ? await this.options.resolveSecret(g.passwordSecret) : "";
      secrets.push(env.ARGOSY_GIT_USERNAME, env.ARGOSY_GIT_PASSWORD);
    }
    if (g.sshPrivateKeySecret) {
      const keyFile = path.join(work, "id_key");
      await writeFile(keyFile, `${(await this.options.resolveSecret(g.sshPrivateKeySecret)).trimEnd()}\n`);
      await chmod(keyFile, 0o600);
      const hostKey = g.insecureIgnoreHostKey
        ? " -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
        : "";
      env.GIT_SSH_COMMAND = `ssh -i '${keyFile}' -o IdentitiesOnly=yes${hostKey}`;
    }
    return { env, secrets, config };
  }

  private async clone(g: GitLocation, dir: string, run: GitRun): Promise<void> {
    const depth = g.depth && g.depth > 0 ? ["--depth", String(g.depth)] : [];
    const branch = g.singleBranch ? ["--single-branch", "--branch", g.branch ?? ""] : [];
    await this.git(["clone", "--no-recurse-submodules", ...depth, ...branch, "--", g.repo, dir], run);
    if (g.fetch && g.fetch.length > 0)
      await this.git(["-C", dir, "fetch", ...depth, "origin", ...g.fetch], run);
    if (g.revision) await this.checkout(g, dir, run);
    if (!g.disableSubmodules && (await statOrUndefined(path.join(dir, ".gitmodules")))) {
      await this.git(["-C", dir, "submodule", "update", "--init", "--recursive", ...depth], run);
    }
  }

  /** Checks `revision` out detached, fetching it first when a shallow clone lacks it. */
  private async checkout(g: GitLocation, dir: string, run: GitRun): Promise<void> {
    const rev = g.revision ?? "";
    let commit = await this.resolve(dir, rev, run);
    if (!commit) {
      await this.git(["-C", dir, "fetch", "origin", rev], run).catch(() => undefined);
      commit = (await this.resolve(dir, rev, run)) ?? (await this.resolve(dir, "FETCH_HEAD", run));
    }
    if (!commit && g.depth) {
      await this.git(["-C", dir, "fetch", "--unshallow", "origin"], run).catch(() => undefined);
      commit = await this.resolve(dir, rev, run);
    }
    if (!commit)
      throw invalid(`git revision ${JSON.stringify(rev)} not found in ${redactGitOutput(g.repo, [])}`);
    await this.git(["-C", dir, "-c", "advice.detachedHead=false", "checkout", "-q", commit], run);
  }

  private async resolve(dir: string, rev: string, run: GitRun): Promise<string | undefined> {
    for (const candidate of [rev, `origin/${rev}`]) {
      const out = await this.git(
        ["-C", dir, "rev-parse", "--verify", "-q", `${candidate}^{commit}`],
        run,
      ).catch(() => undefined);
      if (out) return out.trim();
    }
    return undefined;
  }

  private git(args: string[], run: GitRun): Promise<string> {
    const argv = [...run.config, ...args];
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.gitPath ?? "git", argv, {
        // A fixed environment: git needs a PATH, never the controller's own variables (or secrets).
        env: {
          PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          GIT_TERMINAL_PROMPT: "0",
          ...run.env,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => {
        if (stdout.length < 65536) stdout += d.toString();
      });
      child.stderr.on("data", (d: Buffer) => {
        if (stderr.length < 8192) stderr += d.toString();
      });
      child.on("error", (e) =>
        reject(new ArgosyError("Internal", `cannot run git: ${e.message}`, { cause: e })),
      );
      child.on("close", (code) => {
        if (code === 0) return resolve(stdout);
        const what = redactGitOutput(`git ${args.filter((a) => a !== "--").join(" ")}`, run.secrets);
        const msg = redactGitOutput(stderr.trim(), run.secrets);
        reject(new ArgosyError("Internal", `${what} failed (exit ${code}): ${msg}`));
      });
    });
  }
}
