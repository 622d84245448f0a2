import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatTimestamp, openLogSink } from "./logs.js";

describe("log timestamps", () => {
  it("formats nanoseconds as RFC3339 UTC with nine fractional digits", () => {
    expect(formatTimestamp(1_704_067_200_123_456_789n)).toBe("2024-01-01T00:00:00.123456789Z");
    expect(formatTimestamp(1_704_067_200_000_000_001n)).toBe("2024-01-01T00:00:00.000000001Z");
  });
});

describe("log sink", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "argosy-logs-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const open = (tailBytes = 1024) => {
    let ns = 1_704_067_200_000_000_000n;
    const clock = () => {
      ns += 1n;
      return ns;
    };
    return openLogSink({ mainLog: join(dir, "main.log"), stdout: join(dir, "stdout"), tailBytes, clock });
  };

  it("stamps each line once, joining lines split across chunks and keeping arrival order", async () => {
    const sink = open();
    sink.stdout(Buffer.from("hel"));
    sink.stderr(Buffer.from("oops\n"));
    sink.stdout(Buffer.from("lo\nwor"));
    sink.stdout(Buffer.from("ld"));
    await sink.close();
    expect(await readFile(join(dir, "main.log"), "utf8")).toBe(
      [
        "2024-01-01T00:00:00.000000001Z oops",
        "2024-01-01T00:00:00.000000002Z hello",
        "2024-01-01T00:00:00.000000003Z world",
        "",
      ].join("\n"),
    );
    expect(await readFile(join(dir, "stdout"), "utf8")).toBe("hello\nworld");
  });

  it("keeps only the last bytes of stdout in memory", async () => {
    const sink = open(4);
    sink.stdout(Buffer.from("abc"));
    sink.stdout(Buffer.from("defg"));
    sink.stdout(Buffer.from("hi"));
    expect(sink.stdoutTail().toString()).toBe("fghi");
    await sink.close();
  });
});
