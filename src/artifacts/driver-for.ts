/** Picks the driver for a location. */
import { invalid } from "../util/errors.js";
import { GitDriver } from "./git-driver.js";
import { HttpDriver } from "./http-driver.js";
import { LocalDriver } from "./local-driver.js";
import { RawDriver } from "./raw-driver.js";
import { S3Driver } from "./s3-driver.js";
import { type ArtifactDriver, type ArtifactLocation, locationKind, type ResolveSecret } from "./types.js";

/** What every driver may need. */
export interface DriverContext {
  /** The root directory of Argosy's local repository (`local` locations). */
  localRoot: string;
  /** Looks secrets up for credentials; values are never logged. */
  resolveSecret: ResolveSecret;
}

/** The driver for `location`'s kind; an unsupported or empty location is `Invalid`. */
export function driverFor(location: ArtifactLocation, ctx: DriverContext): ArtifactDriver {
  const kind = locationKind(location);
  switch (kind) {
    case "local":
      return new LocalDriver(ctx.localRoot);
    case "s3":
      return new S3Driver({ resolveSecret: ctx.resolveSecret });
    case "http":
      return new HttpDriver({ resolveSecret: ctx.resolveSecret });
    case "git":
      return new GitDriver({ resolveSecret: ctx.resolveSecret });
    case "raw":
      return new RawDriver();
    case undefined: {
      const named = Object.keys(location).join(", ") || "none";
      throw invalid(`artifact location kind not supported by Argosy (fields: ${named})`);
    }
  }
}
