/**
 * S3-compatible object stores through the AWS SDK v3. Objects are streamed both ways; a
 * directory is stored as one object per file under `<key>/`, as Argo's executor does.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { S3Client } from "@aws-sdk/client-s3";
import { ArgosyError, invalid, notFound } from "../util/errors.js";
import { listFiles, replaceWith, stagingPath } from "./fs-util.js";
import { checkRelativeName, resolveBelow } from "./paths.js";
import type { ArtifactDriver, ArtifactLocation, ResolveSecret, S3Location } from "./types.js";

/**
 * The SDK is loaded on first use: importing it costs ~0.3 s, which every CLI start and every pod
 * would otherwise pay whether or not a workflow touches S3.
 */
let loaded: Promise<typeof import("@aws-sdk/client-s3")> | undefined;
const sdk = () => {
  loaded ??= import("@aws-sdk/client-s3");
  return loaded;
};

/** Argo's default when a repository names no region. */
export const DEFAULT_S3_REGION = "us-east-1";

interface S3Target {
  s3: S3Location;
  bucket: string;
  /** Normalised key without a trailing slash. */
  key: string;
  /** Whether the caller wrote a trailing `/` (Argo: "this key is a prefix"). */
  isPrefix: boolean;
}

function targetOf(location: ArtifactLocation): S3Target {
  const s3 = location.s3;
  if (!s3) throw invalid("the S3 artifact driver needs an `s3` location");
  if (!s3.bucket) throw invalid(`S3 artifact key ${JSON.stringify(s3.key)} has no bucket`);
  const key = checkRelativeName(s3.key, "artifact key");
  if (key === "") throw invalid("S3 artifact key must not be empty");
  return { s3, bucket: s3.bucket, key, isPrefix: s3.key.endsWith("/") };
}

function errorName(e: unknown): string | undefined {
  return typeof e === "object" && e !== null && "name" in e ? String(e.name) : undefined;
}

function isMissing(e: unknown): boolean {
  const name = errorName(e);
  const status = (e as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return name === "NoSuchKey" || name === "NotFound" || status === 404;
}

/** Wraps an SDK failure without the request (whose headers may carry credentials). */
function wrap(what: string, e: unknown): ArgosyError {
  if (e instanceof ArgosyError) return e;
  const name = errorName(e) ?? "Error";
  const message = e instanceof Error ? e.message : String(e);
  const code = name === "NoSuchBucket" || isMissing(e) ? "NotFound" : "Internal";
  return new ArgosyError(code, `${what}: ${name}: ${message}`, { cause: e });
}

/** Options for {@link S3Driver}. */
export interface S3DriverOptions {
  resolveSecret: ResolveSecret;
}

/** A driver for `s3` locations; one SDK client per operation, destroyed afterwards. */
export class S3Driver implements ArtifactDriver {
  constructor(private readonly options: S3DriverOptions) {}

  private async client(s3: S3Location): Promise<S3Client> {
    const endpoint = s3.endpoint
      ? /^https?:\/\//.test(s3.endpoint)
        ? s3.endpoint
        : `${s3.insecure ? "http" : "https"}://${s3.endpoint}`
      : undefined;
    const credentials =
      s3.accessKeySecret && s3.secretKeySecret
        ? {
            accessKeyId: await this.options.resolveSecret(s3.accessKeySecret),
            secretAccessKey: await this.options.resolveSecret(s3.secretKeySecret),
            ...(s3.sessionTokenSecret
              ? { sessionToken: await this.options.resolveSecret(s3.sessionTokenSecret) }
              : {}),
          }
        : undefined;
    return new (await sdk()).S3Client({
      region: s3.region || DEFAULT_S3_REGION,
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
      ...(credentials ? { credentials } : {}),
      // Many S3-compatible servers reject the SDK's default trailing-checksum uploads.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  private async withClient<T>(s3: S3Location, fn: (c: S3Client) => Promise<T>): Promise<T> {
    const c = await this.client(s3);
    try {
      return await fn(c);
    } finally {
      c.destroy();
    }
  }

  async load(location: ArtifactLocation, destPath: string): Promise<void> {
    const t = targetOf(location);
    await this.withClient(t.s3, async (c) => {
      const staged = await stagingPath(destPath);
      try {
        if (!t.isPrefix && (await getObject(c, t.bucket, t.key, staged))) {
          await replaceWith(staged, destPath);
          return;
        }
        const keys = await listPrefix(c, t.bucket, t.key);
        if (keys.length === 0)
          throw notFound(`artifact key ${JSON.stringify(t.s3.key)} in bucket ${t.bucket}`);
        await mkdir(staged, { recursive: true });
        for (const k of keys) {
          const file = resolveBelow(staged, k.slice(t.key.length + 1), "artifact key");
          await mkdir(path.dirname(file), { recursive: true });
          await getObject(c, t.bucket, k, file);
        }
        await replaceWith(staged, destPath);
      } catch (e) {
        await rm(staged, { recursive: true, force: true });
        throw wrap(`loading s3://${t.bucket}/${t.key}`, e);
      }
    });
  }

  async save(srcPath: string, location: ArtifactLocation): Promise<void> {
    const t = targetOf(location);
    await this.withClient(t.s3, async (c) => {
      try {
        if (t.s3.createBucketIfNotPresent) await createBucket(c, t.bucket);
        const st = await stat(srcPath);
        if (!st.isDirectory()) return await putFile(c, t.bucket, t.key, srcPath);
        for (const rel of await listFiles(srcPath)) {
          await putFile(c, t.bucket, `${t.key}/${rel}`, path.join(srcPath, rel));
        }
      } catch (e) {
        throw wrap(`saving s3://${t.bucket}/${t.key}`, e);
      }
    });
  }

  async delete(location: ArtifactLocation): Promise<void> {
    const t = targetOf(location);
    await this.withClient(t.s3, async (c) => {
      try {
        const keys = t.isPrefix ? await listPrefix(c, t.bucket, t.key) : [t.key];
        for (const k of keys)
          await c.send(new (await sdk()).DeleteObjectCommand({ Bucket: t.bucket, Key: k }));
      } catch (e) {
        throw wrap(`deleting s3://${t.bucket}/${t.key}`, e);
      }
    });
  }

  async exists(location: ArtifactLocation): Promise<boolean> {
    const t = targetOf(location);
    return this.withClient(t.s3, async (c) => {
      try {
        await c.send(new (await sdk()).HeadObjectCommand({ Bucket: t.bucket, Key: t.key }));
        return true;
      } catch (e) {
        if (!isMissing(e)) throw wrap(`checking s3://${t.bucket}/${t.key}`, e);
        return (await listPrefix(c, t.bucket, t.key, 1)).length > 0;
      }
    });
  }

  async list(location: ArtifactLocation): Promise<string[]> {
    const t = targetOf(location);
    return this.withClient(t.s3, async (c) => {
      const keys = await listPrefix(c, t.bucket, t.key).catch((e: unknown) => {
        throw wrap(`listing s3://${t.bucket}/${t.key}`, e);
      });
      if (keys.length === 0 && !(await this.exists(location))) {
        throw notFound(`artifact key ${JSON.stringify(t.s3.key)} in bucket ${t.bucket}`);
      }
      return keys;
    });
  }
}

/** Streams one object to `file`; answers false when the object does not exist. */
async function getObject(c: S3Client, bucket: string, key: string, file: string): Promise<boolean> {
  let body: unknown;
  try {
    body = (await c.send(new (await sdk()).GetObjectCommand({ Bucket: bucket, Key: key }))).Body;
  } catch (e) {
    if (isMissing(e)) return false;
    throw e;
  }
  if (!(body instanceof Readable)) throw new Error(`s3://${bucket}/${key}: response body is not a stream`);
  await mkdir(path.dirname(file), { recursive: true });
  await pipeline(body, createWriteStream(file));
  return true;
}

async function putFile(c: S3Client, bucket: string, key: string, file: string): Promise<void> {
  const { size } = await stat(file);
  await c.send(
    new (await sdk()).PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: createReadStream(file),
      ContentLength: size,
    }),
  );
}

async function createBucket(c: S3Client, bucket: string): Promise<void> {
  try {
    await c.send(new (await sdk()).CreateBucketCommand({ Bucket: bucket }));
  } catch (e) {
    const name = errorName(e);
    if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw e;
  }
}

/** Every object key under `<prefix>/` (pages through ListObjectsV2), skipping folder markers. */
async function listPrefix(c: S3Client, bucket: string, prefix: string, limit = Infinity): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await c.send(
      new (await sdk()).ListObjectsV2Command({
        Bucket: bucket,
        Prefix: `${prefix}/`,
        ContinuationToken: token,
      }),
    );
    for (const o of page.Contents ?? []) if (o.Key && !o.Key.endsWith("/")) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token && keys.length < limit);
  return keys;
}
