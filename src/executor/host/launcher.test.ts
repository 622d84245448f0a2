import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { findProgram, LaunchError, Launcher, type LaunchSpec } from "./launcher.js";

const dir = mkdtempSync(join(tmpdir(), "argosy-launcher-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let launcher: Launcher | undefined;
let mode: "perl" | "sh" = "perl";
afterEach(() => {
  launcher?.close();
  launcher = undefined;
});

let n = 0;
function spec(file: string, args: string[], more: Partial<LaunchSpec> = {}): LaunchSpec {
  n++;
  const stdout = join(dir, `${n}.out`);
  const stderr = join(dir, `${n}.err`);
  writeFileSync(stdout, "");
  writeFileSync(stderr, "");
  return { file, args, env: { PATH: "/usr/bin:/bin" }, cwd: dir, stdout, stderr, newSession: true, ...more };
}

async function run(s: LaunchSpec): Promise<{ status: number | undefined; out: string; err: string }> {
  launcher ??= new Launcher(mode);
  const started = await launcher.launch(s);
  const status = await started.exited;
  return { status, out: readFileSync(s.stdout, "utf8"), err: readFileSync(s.stderr, "utf8") };
}

// Every behaviour holds for both forkers: Perl (preferred) and the shell (the fallback).
describe.each(["perl", "sh"] as const)("Launcher (%s)", (forker) => {
  beforeEach(() => {
    mode = forker;
  });

  it("passes every argument through unchanged: quotes, newlines, spaces, unicode", async () => {
    launcher = new Launcher(mode);
    const args = ["it's", 'say "hi"', "two\nlines", "  spaced  ", "$HOME `x` \\n", "ünïcödé", ""];
    const r = await run(spec("/bin/sh", ["-c", 'for a in "$@"; do printf "[%s]" "$a"; done', "sh", ...args]));
    expect(r).toMatchObject({ status: 0, err: "" });
    expect(r.out).toBe(args.map((a) => `[${a}]`).join(""));
  });

  it("gives the process exactly the environment asked for, and the working directory", async () => {
    launcher = new Launcher(mode);
    const cwd = mkdtempSync(join(dir, "cwd-"));
    const r = await run(spec("env", [], { env: { PATH: "/usr/bin:/bin", FOO: "bar baz" }, cwd }));
    expect(r.out.trim().split("\n").sort()).toEqual(["FOO=bar baz", "PATH=/usr/bin:/bin"]);
    const pwd = await run(spec("pwd", [], { cwd }));
    expect(pwd.out.trim()).toBe(cwd);
  });

  it("passes variables whose names a shell cannot export", async () => {
    launcher = new Launcher(mode);
    const r = await run(spec("env", [], { env: { PATH: "/usr/bin:/bin", "my.var-x": "1" } }));
    expect(r.out.trim().split("\n").sort()).toEqual(["PATH=/usr/bin:/bin", "my.var-x=1"]);
  });

  it("reports exit codes, 128 + n for a signal, and closes stdin", async () => {
    launcher = new Launcher(mode);
    expect((await run(spec("sh", ["-c", "exit 3"]))).status).toBe(3);
    expect((await run(spec("sh", ["-c", "kill -TERM $$"]))).status).toBe(143);
    expect(await run(spec("cat", []))).toMatchObject({ status: 0, out: "" });
  });

  it("appends to the output files and opens fd 3 on the status file when asked", async () => {
    launcher = new Launcher(mode);
    const s = spec("sh", ["-c", "echo out; echo err >&2; echo status >&3"], {
      statusFd: join(dir, "status"),
    });
    writeFileSync(s.stdout, "before\n");
    writeFileSync(join(dir, "status"), "record\n");
    const r = await run(s);
    expect(r).toMatchObject({ status: 0, out: "before\nout\n", err: "err\n" });
    expect(readFileSync(join(dir, "status"), "utf8")).toBe("record\nstatus\n");
    // Without a status file, fd 3 is closed.
    expect((await run(spec("sh", ["-c", "echo x >&3"]))).status).not.toBe(0);
  });

  it("starts a new session only when asked", async () => {
    launcher = new Launcher(mode);
    const own = await launcher.launch(spec("sleep", ["5"]));
    const sid = (pid: number) => readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ")[3];
    // Reported once forked: the exec (and setsid) follow a moment later.
    const execd = async (pid: number) => {
      while (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "sleep")
        await new Promise((r) => setImmediate(r));
    };
    await execd(own.pid);
    expect(sid(own.pid)).toBe(String(own.pid));
    process.kill(own.pid, "SIGKILL");
    expect(await own.exited).toBe(137);
    const shared = await launcher.launch(spec("sleep", ["5"], { newSession: false }));
    await execd(shared.pid);
    expect(sid(shared.pid)).not.toBe(String(shared.pid));
    process.kill(shared.pid, "SIGKILL");
    await shared.exited;
  });

  it("runs many processes at once", async () => {
    launcher = new Launcher(mode);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => run(spec("sh", ["-c", `echo ${i}; exit ${i % 3}`]))),
    );
    expect(results.map((r) => [r.status, r.out.trim()])).toEqual(
      Array.from({ length: 40 }, (_, i) => [i % 3, String(i)]),
    );
  });

  it("fails as Node's spawn does for a missing program or working directory", async () => {
    launcher = new Launcher(mode);
    await expect(launcher.launch(spec("no-such-program-x", []))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(launcher.launch(spec("sh", [], { cwd: join(dir, "missing") }))).rejects.toBeInstanceOf(
      LaunchError,
    );
  });

  it("leaves no finished waiting shell behind as a zombie", async () => {
    launcher = new Launcher(mode);
    for (let i = 0; i < 30; i++) await run(spec("true", []));
    const shell = (launcher as unknown as { shell: { pid: number } }).shell.pid;
    const children = readFileSync(`/proc/${shell}/task/${shell}/children`, "utf8").trim().split(/\s+/);
    // The last jobs' waiting shells may not have been reaped yet on a loaded machine; 30 would be a leak.
    expect(children.filter(Boolean).length).toBeLessThanOrEqual(3);
  });

  it("kills the processes' waiting shells when closed, so they stop reporting", async () => {
    launcher = new Launcher(mode);
    const job = await launcher.launch(spec("sleep", ["5"], { newSession: false }));
    launcher.close();
    // Nothing is reported for it any more: the launcher is gone.
    expect(await job.exited).toBeUndefined();
    process.kill(job.pid, "SIGKILL");
  });
});

describe("findProgram", () => {
  it("searches PATH like execvp and takes a name with a slash as it is", () => {
    expect(findProgram("sh", "/nonexistent:/usr/bin:/bin", "/")).toMatch(/\/sh$/);
    expect(findProgram("/bin/sh", undefined, "/")).toBe("/bin/sh");
    expect(() => findProgram("sh", "/nonexistent", "/")).toThrow(LaunchError);
    writeFileSync(join(dir, "not-exec"), "");
    expect(() => findProgram("./not-exec", "", dir)).toThrow(/EACCES/);
  });
});
