import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDriverSuite } from "./driver-suite.js";
import { keyOnly } from "./repository.js";
import { S3Driver } from "./s3-driver.js";
import type { ArtifactLocation, SecretRef } from "./types.js";

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverCtor = new (opts: Record<string, unknown>) => S3rverInstance;
// s3rver ships no types; load it through require and give it the little shape we use.
const S3rver = createRequire(import.meta.url)("s3rver") as S3rverCtor;

const secrets: Record<string, string> = { "s3-creds/accessKey": "S3RVER", "s3-creds/secretKey": "S3RVER" };
const requested: string[] = [];
const resolveSecret = async (ref: SecretRef) => {
  requested.push(`${ref.name}/${ref.key}`);
  const v = secrets[`${ref.name}/${ref.key}`];
  if (v === undefined) throw new Error(`no secret ${ref.name}/${ref.key}`);
  return v;
};
const creds = {
  accessKeySecret: { name: "s3-creds", key: "accessKey" },
  secretKeySecret: { name: "s3-creds", key: "secretKey" },
};

let server: S3rverInstance;
let endpoint = "";
let dir = "";

async function startServer(): Promise<void> {
  if (server) return;
  dir = await mkdtemp(path.join(tmpdir(), "argosy-s3rver-"));
  server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir });
  const addr = await server.run();
  endpoint = `127.0.0.1:${addr.port}`;
}

runDriverSuite("s3 (s3rver)", async () => {
  await startServer();
  const bucket = "suite";
  const at = (key: string): ArtifactLocation => ({
    s3: { endpoint, bucket, key, insecure: true, ...creds, createBucketIfNotPresent: {} },
  });
  return { driver: new S3Driver({ resolveSecret }), at };
});

describe("S3Driver specifics", () => {
  let work = "";
  beforeAll(async () => {
    await startServer();
    work = await mkdtemp(path.join(tmpdir(), "argosy-s3-"));
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  it("creates the bucket when createBucketIfNotPresent is set, and only then", async () => {
    const driver = new S3Driver({ resolveSecret });
    const src = path.join(work, "f.txt");
    await writeFile(src, "data");
    const base = { endpoint, insecure: true, ...creds, key: "k/f.txt" };
    await expect(driver.save(src, { s3: { ...base, bucket: "absent" } })).rejects.toMatchObject({
      code: "NotFound",
    });
    await driver.save(src, { s3: { ...base, bucket: "created", createBucketIfNotPresent: {} } });
    await driver.save(src, { s3: { ...base, bucket: "created", createBucketIfNotPresent: {} } });
    expect(await driver.exists({ s3: { ...base, bucket: "created" } })).toBe(true);
  });

  it("signs with the credentials resolved from secrets", async () => {
    requested.length = 0;
    const driver = new S3Driver({ resolveSecret });
    const src = path.join(work, "c.txt");
    await writeFile(src, "c");
    const loc = { endpoint, insecure: true, bucket: "creds", key: "c.txt", createBucketIfNotPresent: {} };
    await driver.save(src, { s3: { ...loc, ...creds } });
    expect(requested).toEqual(["s3-creds/accessKey", "s3-creds/secretKey"]);
    // s3rver checks the access key id (it does not verify SigV4 signatures).
    secrets["bad/accessKey"] = "NOT-AN-ACCOUNT";
    secrets["bad/secretKey"] = "wrong-secret-value";
    const bad = {
      accessKeySecret: { name: "bad", key: "accessKey" },
      secretKeySecret: { name: "bad", key: "secretKey" },
    };
    const err = await driver.save(src, { s3: { ...loc, ...bad } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ message: expect.stringContaining("InvalidAccessKeyId") });
    expect(String((err as Error).message)).not.toContain("wrong-secret-value");
  });

  it("resolves a key-only artifact against the repository", async () => {
    const driver = new S3Driver({ resolveSecret });
    const repo = {
      s3: { endpoint, insecure: true, bucket: "keyonly", ...creds, createBucketIfNotPresent: {} },
    };
    const src = path.join(work, "k.txt");
    await writeFile(src, "key only");
    const out = keyOnly({ s3: { key: "my-file" } }, repo);
    expect(out.s3).toMatchObject({ bucket: "keyonly", endpoint, key: "my-file" });
    await driver.save(src, out);
    const dest = path.join(work, "k-out.txt");
    await driver.load(keyOnly({ s3: { key: "my-file" } }, repo), dest);
    expect(await readFile(dest, "utf8")).toBe("key only");
  });
});
