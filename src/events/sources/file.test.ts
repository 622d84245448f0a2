import { appendFile, chmod, mkdtemp, rename, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningSource, SourceContext, SourceEntry } from "../types.js";
import { createFileDriver } from "./file.js";
import { isWanted, readFileSettings } from "./file-match.js";

interface FileData {
  name: string;
  op: number;
  metadata: Record<string, string> | null;
}

/** Collects events; `next()` resolves with the next one (in order), waiting for it if needed. */
function collector(eventName: string) {
  const events: FileData[] = [];
  const waiting: ((e: FileData) => void)[] = [];
  let read = 0;
  const context: SourceContext = {
    namespace: "default",
    eventSourceName: "file",
    eventName,
    async emit(data) {
      events.push(data as FileData);
      waiting.shift()?.(data as FileData);
      return { duplicate: false };
    },
    log: () => {},
    secret: async () => "",
    state: { get: async () => undefined, put: async () => {}, delete: async () => {} },
    now: () => new Date(),
    signal: new AbortController().signal,
  };
  return {
    context,
    events,
    next(): Promise<FileData> {
      const i = read++;
      const ready = events[i];
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

let dir: string;
const running: RunningSource[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "argosy-file-"));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
  await rm(dir, { recursive: true, force: true });
});

const driver = createFileDriver({ pollIntervalMs: 20 });

async function start(entry: SourceEntry, eventName = "e") {
  const c = collector(eventName);
  running.push(await driver.start(entry, c.context));
  return c;
}

describe("file event source (fs.watch)", () => {
  it("reports each operation as fsnotify does, with Argo's data", async () => {
    const watch = (eventType: string) =>
      start(
        { eventType, watchPathConfig: { directory: `${dir}/`, pathRegexp: "\\.txt$" }, metadata: { k: "v" } },
        eventType,
      );
    const [created, written, chmodded, renamed, removed] = await Promise.all(
      ["CREATE", "WRITE", "CHMOD", "RENAME", "REMOVE"].map(watch),
    );
    const file = join(dir, "a.txt");
    await writeFile(file, "");
    expect(await created!.next()).toEqual({ name: `${dir}/a.txt`, op: 1, metadata: { k: "v" } });
    await appendFile(file, "more");
    expect(await written!.next()).toEqual({ name: `${dir}/a.txt`, op: 2, metadata: { k: "v" } });
    await chmod(file, 0o600);
    expect(await chmodded!.next()).toEqual({ name: `${dir}/a.txt`, op: 16, metadata: { k: "v" } });
    await rename(file, join(dir, "b.txt"));
    expect(await renamed!.next()).toMatchObject({ name: `${dir}/a.txt`, op: 8 });
    expect(await created!.next()).toMatchObject({ name: `${dir}/b.txt`, op: 1 });
    await unlink(join(dir, "b.txt"));
    expect(await removed!.next()).toMatchObject({ name: `${dir}/b.txt`, op: 4 });
    // Files the pattern does not match are never reported.
    await writeFile(join(dir, "c.log"), "x");
    await writeFile(join(dir, "d.txt"), "x");
    expect(await created!.next()).toMatchObject({ name: `${dir}/d.txt` });
    expect(created!.events.map((e) => e.name)).toEqual([`${dir}/a.txt`, `${dir}/b.txt`, `${dir}/d.txt`]);
    expect(removed!.events).toHaveLength(1);
  });

  it("matches `path` against the name with the directory text cut off, as Argo does", async () => {
    const slash = readFileSettings({
      eventType: "CREATE",
      watchPathConfig: { directory: "/d/", path: "x.json" },
    });
    const bare = readFileSettings({
      eventType: "CREATE",
      watchPathConfig: { directory: "/d", path: "x.json" },
    });
    const regexp = readFileSettings({
      eventType: "CREATE",
      watchPathConfig: { directory: "/d", pathRegexp: "^/x" },
    });
    expect(isWanted(slash, "/d/x.json", "CREATE")).toBe(true);
    expect(isWanted(slash, "/d/x.json", "WRITE")).toBe(false);
    expect(isWanted(slash, "/d/sub/x.json", "CREATE")).toBe(false);
    expect(isWanted(bare, "/d/x.json", "CREATE")).toBe(false);
    expect(isWanted(regexp, "/d/x.json", "CREATE")).toBe(true);

    const c = await start({ eventType: "CREATE", watchPathConfig: { directory: `${dir}/`, path: "x.json" } });
    await writeFile(join(dir, "y.json"), "{}");
    await writeFile(join(dir, "x.json"), "{}");
    expect(await c.next()).toEqual({ name: `${dir}/x.json`, op: 1, metadata: null });
    expect(c.events).toHaveLength(1);
  });

  it("refuses bad entries with Argo's messages", async () => {
    const c = collector("bad");
    await expect(driver.start({ watchPathConfig: { directory: dir, path: "x" } }, c.context)).rejects.toThrow(
      "type must be specified",
    );
    await expect(
      driver.start({ eventType: "CREATE", watchPathConfig: { directory: "rel", path: "x" } }, c.context),
    ).rejects.toThrow("directory must be an absolute file path");
    await expect(
      driver.start({ eventType: "CREATE", watchPathConfig: { directory: dir } }, c.context),
    ).rejects.toThrow("either path or pathRegexp must be specified");
    await expect(
      driver.start({ eventType: "CREATE", watchPathConfig: { directory: dir, pathRegexp: "(" } }, c.context),
    ).rejects.toThrow("error parsing regexp");
    await expect(
      driver.start(
        { eventType: "CREATE", watchPathConfig: { directory: join(dir, "none"), path: "x" } },
        c.context,
      ),
    ).rejects.toThrow(
      `failed to add directory ${join(dir, "none")} to the watcher for bad, no such file or directory`,
    );
  });
});

describe("file event source (polling)", () => {
  it("reports creates, writes, renames and removes by base name", async () => {
    // Each source lists the directory when it starts, so a file made before it is known to it.
    const entry = (eventType: string) => ({
      eventType,
      polling: true,
      watchPathConfig: { directory: dir, pathRegexp: "^[a-z]+\\.txt$" },
    });
    const created = await start(entry("CREATE"), "CREATE");
    await writeFile(join(dir, "a.txt"), "1");
    expect(await created.next()).toEqual({ name: "a.txt", op: 1, metadata: null });

    const written = await start(entry("WRITE"), "WRITE");
    await writeFile(join(dir, "a.txt"), "22");
    expect(await written.next()).toEqual({ name: "a.txt", op: 2, metadata: null });

    const renamed = await start(entry("RENAME"), "RENAME");
    await rename(join(dir, "a.txt"), join(dir, "b.txt"));
    expect(await renamed.next()).toEqual({ name: "a.txt", op: 8, metadata: null });

    const removed = await start(entry("REMOVE"), "REMOVE");
    await unlink(join(dir, "b.txt"));
    expect(await removed.next()).toEqual({ name: "b.txt", op: 4, metadata: null });
    // The rename was one RENAME, not a REMOVE and a CREATE.
    expect(created.events).toEqual([{ name: "a.txt", op: 1, metadata: null }]);
  });
});
