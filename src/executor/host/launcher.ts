/**
 * The launcher: one long-lived small process per executor that forks pod processes on Node's
 * behalf: the Perl forker of `launcher-perl.ts` when `perl` is installed (one fork and one exec per
 * pod), else `/bin/sh`, described here.
 *
 * Why: `child_process.spawn` forks the whole Node process. The kernel copies its page tables and
 * the child tears them down again at exec, the parent then takes copy-on-write faults on its heap,
 * and the event loop is blocked until the exec: 1–2 ms of the controller's only thread per pod,
 * more as the heap grows (profiled: a third of all CPU of a 1,000-step fan-out). A shell of a
 * megabyte forks in microseconds, on the other core. The shell reads commands from its stdin
 * (buffered: dash reads its input in blocks), runs each pod as a background job, and reports
 * `S <id> <pid>` once forked and `X <id> <status>` once `wait` returns. This is no wrapper process
 * per pod: the pod's process is a child of one of the shell's waiting subshells, and nothing sits
 * between it and its output files.
 *
 * Output goes to files (stdout, stderr, and bwrap's status fd opened for appending), never pipes:
 * that is what lets a fork happen elsewhere. Plain commands get a session of their own (`setsid`),
 * as `detached: true` gives them, so their process group can be signalled; bwrap needs none.
 * When Node goes away the shell sees end of input and kills its waiting subshells: a sandbox
 * started with `--die-with-parent` dies with them, as it would with Node.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { PERL_FORKER, perlJob } from "./launcher-perl.js";

/** One process to start. */
export interface LaunchSpec {
  file: string;
  args: readonly string[];
  env: Record<string, string>;
  cwd: string;
  /** Files for stdout and stderr, opened for appending (they should exist, truncated). */
  stdout: string;
  stderr: string;
  /** A file opened for appending as fd 3 (bwrap's `--json-status-fd 3`). */
  statusFd?: string;
  /** Run in a session (and process group) of its own, as `detached: true` does. */
  newSession: boolean;
}

/** A started process: its pid, and its exit status (128 + n for signal n) once it has ended. */
export interface Launched {
  pid: number;
  /** `undefined` when the launcher itself went away before the process was seen to end. */
  exited: Promise<number | undefined>;
  /** Stops waiting for it (the executor lets go of a durable pod). */
  forget(): void;
}

/** Why a process could not be started, as Node's spawn would report it (`code` ENOENT, EACCES). */
export class LaunchError extends Error {
  constructor(
    readonly code: "ENOENT" | "EACCES",
    file: string,
  ) {
    super(`spawn ${file} ${code}`);
  }
}

interface Job {
  onStarted: (pid: number) => void;
  onFailed: (err: Error) => void;
  onExit: (status: number | undefined) => void;
  pid?: number;
}

// On end of input (the executor closed, or Node died) every waiting subshell is killed.
const PROLOGUE = "trap 'kill $(jobs -p) 2>/dev/null' EXIT\n";

const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Single-quotes a word for the shell; NUL cannot be passed to a process at all. */
function quote(word: string): string {
  if (word.includes("\0")) throw new TypeError("an argument or environment value holds a NUL byte");
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export class Launcher {
  private shell: ChildProcess | undefined;
  private broken = false;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private buffered = "";
  private readonly tools = new Map<string, string | undefined>();
  /** True while the forker is Perl (see launcher-perl.ts); the shell is the fallback. */
  private perl = false;

  /** @param prefer `perl` (default: when `perl` is installed) or `sh`. */
  constructor(private readonly prefer: "perl" | "sh" = "perl") {}

  /** False once the shell could not be started (or died): callers spawn from Node instead. */
  get usable(): boolean {
    return !this.broken;
  }

  /** Starts `spec`; resolves once it has been forked. Throws {@link LaunchError} when there is no such program. */
  async launch(spec: LaunchSpec): Promise<Launched> {
    checkDirectory(spec.cwd, spec.file);
    const program = findProgram(spec.file, spec.env.PATH, spec.cwd);
    const shell = this.ensureShell();
    const id = this.nextId++;
    let command: string;
    if (this.perl) command = perlJob(id, spec, program);
    else {
      const setsid = spec.newSession ? this.tool("setsid") : undefined;
      if (spec.newSession && !setsid) throw new Error("setsid is not installed");
      const env = Object.keys(spec.env).every((n) => SHELL_NAME.test(n)) ? undefined : this.tool("env");
      command = jobCommand({ id, spec, program, setsid, env });
    }
    let exitResolve: (status: number | undefined) => void = () => {};
    const exited = new Promise<number | undefined>((r) => {
      exitResolve = r;
    });
    const pid = await new Promise<number>((resolveStarted, reject) => {
      this.jobs.set(id, { onStarted: resolveStarted, onFailed: reject, onExit: exitResolve });
      this.updateRef();
      this.send(shell, command);
    });
    return {
      pid,
      exited,
      forget: () => {
        this.jobs.delete(id);
        this.updateRef();
      },
    };
  }

  /** Writes a job; jobs asked for in the same tick go to the shell in one write. */
  private send(shell: ChildProcess, command: string): void {
    const stdin = shell.stdin;
    if (!stdin) return;
    if (stdin.writableCorked === 0) {
      stdin.cork();
      process.nextTick(() => stdin.uncork());
    }
    stdin.write(command);
  }

  /** Ends the shell's input: it kills its waiting subshells and exits. */
  close(): void {
    const shell = this.shell;
    this.shell = undefined;
    shell?.stdin?.end();
  }

  /** A host tool the jobs use (`setsid`, `env`), looked up once. */
  private tool(name: string): string | undefined {
    if (!this.tools.has(name)) {
      try {
        this.tools.set(name, findProgram(name, "/usr/bin:/bin:/usr/sbin:/sbin", "/"));
      } catch {
        this.tools.set(name, undefined);
      }
    }
    return this.tools.get(name);
  }

  private ensureShell(): ChildProcess {
    if (this.shell) return this.shell;
    if (this.broken) throw new Error("the launcher shell is not available");
    // Its own session: no terminal, and untouched by signals aimed at our process group.
    const perl = this.prefer === "perl" ? this.tool("perl") : undefined;
    this.perl = perl !== undefined;
    const shell = perl
      ? spawn(perl, ["-e", PERL_FORKER], { env: {}, stdio: ["pipe", "pipe", "ignore"], detached: true })
      : spawn("/bin/sh", ["-s"], { env: {}, stdio: ["pipe", "pipe", "ignore"], detached: true });
    this.shell = shell;
    shell.stdin?.on("error", () => {});
    if (!perl) shell.stdin?.write(PROLOGUE);
    shell.stdout?.setEncoding("utf8").on("data", (text: string) => this.onOutput(text));
    const gone = () => {
      if (this.shell === shell) this.shell = undefined;
      this.broken = true;
      for (const job of this.jobs.values()) {
        if (job.pid === undefined) job.onFailed(new Error("the launcher shell exited"));
        job.onExit(undefined);
      }
      this.jobs.clear();
    };
    shell.once("error", gone);
    shell.once("exit", gone);
    this.updateRef();
    return shell;
  }

  private onOutput(text: string): void {
    this.buffered += text;
    const lines = this.buffered.split("\n");
    this.buffered = lines.pop() ?? "";
    for (const line of lines) {
      const [kind, idText, value] = line.split(" ");
      const id = Number(idText);
      const job = this.jobs.get(id);
      if (!job) continue;
      if (kind === "F") {
        this.jobs.delete(id);
        job.onFailed(new Error("the launcher could not fork"));
        this.updateRef();
      } else if (kind === "S") {
        job.pid = Number(value);
        job.onStarted(job.pid);
      } else if (kind === "X") {
        this.jobs.delete(id);
        job.onExit(Number(value));
        this.updateRef();
      }
    }
  }

  /** The shell keeps Node alive only while it runs something for us, as a child process would. */
  private updateRef(): void {
    const shell = this.shell;
    if (!shell) return;
    const busy = this.jobs.size > 0;
    for (const handle of [shell, shell.stdin, shell.stdout] as { ref?(): void; unref?(): void }[]) {
      if (busy) handle?.ref?.();
      else handle?.unref?.();
    }
  }
}

/**
 * The job: a background subshell that forks the process (redirections, working directory, exactly
 * the given environment), reports its pid, waits for it and reports its status.
 */
function jobCommand(opts: {
  id: number;
  spec: LaunchSpec;
  program: string;
  setsid: string | undefined;
  /** env(1), when a variable's name is not one the shell can export. */
  env: string | undefined;
}): string {
  const { id, spec, program, setsid, env } = opts;
  const names = Object.keys(spec.env);
  const exec: string[] = [];
  let environment = "";
  if (!env) {
    // The shell started with an empty environment: only what is exported here reaches the process.
    const exports = names.map((n) => `export ${n}=${quote(spec.env[n] ?? "")};`).join(" ");
    environment = `unset PWD OLDPWD; ${exports}`;
  } else {
    // Kubernetes allows names such as `a.b` that a shell cannot export; env(1) can.
    if (program.includes("=")) throw new LaunchError("EACCES", program);
    exec.push(env, "-i", ...names.map((n) => `${n}=${spec.env[n] ?? ""}`));
  }
  if (setsid) exec.unshift(setsid);
  exec.push(program, ...spec.args);
  const redirects = [
    "</dev/null",
    `>>${quote(spec.stdout)}`,
    `2>>${quote(spec.stderr)}`,
    spec.statusFd ? `3>>${quote(spec.statusFd)}` : "3>&-",
  ].join(" ");
  const child = `( exec 9>&-; cd ${quote(spec.cwd)} || exit 127; ${environment} exec ${exec.map(quote).join(" ")} ) ${redirects}`;
  // `jobs` first: a shell that only ever starts background jobs never waits, so it would keep
  // every finished waiting subshell as a zombie; listing the jobs reaps the finished ones.
  return `jobs >/dev/null; { ${child} & echo "S ${id} $!" >&9; wait $!; echo "X ${id} $?" >&9; } 9>&1 &\n`;
}

/**
 * Where `file` is, as execvp would find it: a name with a slash is taken as it is (relative to
 * `cwd`), any other is searched for on `path`. Throws {@link LaunchError} like Node's spawn.
 */
export function findProgram(file: string, path: string | undefined, cwd: string): string {
  if (file.includes("/")) {
    const full = isAbsolute(file) ? file : resolve(cwd, file);
    const found = probe(full);
    if (found !== "ok") throw new LaunchError(found, file);
    return full;
  }
  const key = `${file}\0${path}\0${cwd}`;
  const known = found.get(key);
  if (known !== undefined && probe(known) === "ok") return known;
  let denied = false;
  for (const dir of (path ?? "/usr/bin:/bin").split(delimiter)) {
    const candidate = join(dir === "" ? cwd : resolve(cwd, dir), file);
    const result = probe(candidate);
    if (result === "ok") {
      found.set(key, candidate);
      return candidate;
    }
    if (result === "EACCES") denied = true;
  }
  throw new LaunchError(denied ? "EACCES" : "ENOENT", file);
}

/** Where each program was found last (the same few are looked up for every pod). */
const found = new Map<string, string>();

/** Whether `candidate` is an executable file; no exception for the usual misses on PATH. */
function probe(candidate: string): "ok" | "ENOENT" | "EACCES" {
  const info = statSync(candidate, { throwIfNoEntry: false });
  if (!info) return "ENOENT";
  if (!info.isFile()) return "EACCES";
  try {
    accessSync(candidate, constants.X_OK);
    return "ok";
  } catch {
    return "EACCES";
  }
}

function checkDirectory(cwd: string, file: string): void {
  if (!statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) throw new LaunchError("ENOENT", file);
}
