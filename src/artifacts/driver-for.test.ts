import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { driverFor } from "./driver-for.js";
import { GitDriver } from "./git-driver.js";
import { HttpDriver } from "./http-driver.js";
import { LocalDriver } from "./local-driver.js";
import { RawDriver } from "./raw-driver.js";
import { S3Driver } from "./s3-driver.js";

const ctx = { localRoot: "/nonexistent", resolveSecret: async () => "" };

describe("driverFor", () => {
  it.each([
    [{ local: { key: "k" } }, LocalDriver],
    [{ s3: { key: "k" } }, S3Driver],
    [{ http: { url: "http://x" } }, HttpDriver],
    [{ git: { repo: "file:///x" } }, GitDriver],
    [{ raw: { data: "d" } }, RawDriver],
  ] as const)("picks the driver for %o", (location, cls) => {
    expect(driverFor(location, ctx)).toBeInstanceOf(cls);
  });

  it("rejects a location Argosy cannot handle", () => {
    expect(() => driverFor({ gcs: { key: "k" } } as never, ctx)).toThrow(
      expect.objectContaining({ code: "Invalid" }),
    );
  });

  it("writes raw data and refuses to save raw outputs", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "argosy-raw-"));
    const dest = path.join(dir, "nested/raw.txt");
    const driver = driverFor({ raw: { data: "inline\n" } }, ctx);
    await driver.load({ raw: { data: "inline\n" } }, dest);
    expect(await readFile(dest, "utf8")).toBe("inline\n");
    await expect(driver.save(dest, { raw: { data: "" } })).rejects.toMatchObject({ code: "Invalid" });
    await rm(dir, { recursive: true, force: true });
  });
});
