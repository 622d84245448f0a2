/**
 * Reading a workflow's artifact for the server's download routes: the artifact's recorded
 * location (completed by the repository for key-only ones), optionally a file inside it, loaded
 * into a private temporary folder the caller removes with `cleanup`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ArtifactLocation, driverFor, keyOnly, locationKind } from "../artifacts/index.js";
import type { Artifact } from "../spec/types.js";
import { invalid, notFound } from "../util/errors.js";
import type { ArtifactIO } from "./pod-artifacts.js";

export interface FetchedArtifact {
  /** The loaded file or directory. */
  path: string;
  /** The repository key it came from (names the download). */
  key: string;
  cleanup: () => Promise<void>;
}

function withFile(location: ArtifactLocation, file: string): ArtifactLocation {
  if (!file) return location;
  if (file.split("/").includes("..")) throw invalid("bad file path");
  if (location.s3) return { s3: { ...location.s3, key: `${location.s3.key.replace(/\/$/, "")}/${file}` } };
  if (location.local) return { local: { key: `${location.local.key.replace(/\/$/, "")}/${file}` } };
  throw invalid("this artifact has no files");
}

export async function fetchArtifact(artifact: Artifact, io: ArtifactIO, file = ""): Promise<FetchedArtifact> {
  const { s3, http, git, raw, local } = artifact as ArtifactLocation;
  const own: ArtifactLocation = {
    ...(s3 ? { s3 } : {}),
    ...(http ? { http } : {}),
    ...(git ? { git } : {}),
    ...(raw ? { raw } : {}),
    ...(local ? { local } : {}),
  };
  if (!locationKind(own)) throw notFound(`artifact ${artifact.name} has no location`);
  const location = withFile(keyOnly(own, io.repository), file);
  const dir = await mkdtemp(join(tmpdir(), "argosy-artifact-"));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, "object");
  try {
    await driverFor(location, {
      localRoot: join(io.home, "artifacts"),
      resolveSecret: io.resolveSecret,
    }).load(location, path);
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { path, key: location.s3?.key ?? location.local?.key ?? "", cleanup };
}
