/**
 * What a `file` event source entry asks for, checked with Argo's messages, and the decision Argo
 * makes for each filesystem notification: the notification's path, with the configured
 * `directory` text cut off its front, must equal `path` or match `pathRegexp` (Go RE2 syntax,
 * unanchored), and its operation must equal `eventType`. The event's `data` is Argo's
 * `{name, op, metadata}` where `op` is the operation's bit as a number (Argo's `fsevent.Op` has no
 * JSON form of its own) and `metadata` is `null` when unset.
 */
import { GoRegexp } from "../../expr/index.js";
import { invalid } from "../../util/errors.js";
import type { SourceEntry } from "../types.js";

/** fsnotify's operations, with Argo's `fsevent.Op` bits. */
export const fileOps = { CREATE: 1, WRITE: 2, REMOVE: 4, RENAME: 8, CHMOD: 16 } as const;
export type FileOp = keyof typeof fileOps;

export interface FileSettings {
  directory: string;
  path: string;
  pathRegexp: GoRegexp | undefined;
  eventType: string;
  polling: boolean;
  metadata: Record<string, string> | null;
}

export interface FileEventData {
  name: string;
  op: number;
  metadata: Record<string, string> | null;
}

const str = (v: unknown): string =>
  typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);

function goStringMap(v: unknown): Record<string, string> | null {
  if (!v || typeof v !== "object" || Array.isArray(v)) return null;
  const keys = Object.keys(v).sort();
  return Object.fromEntries(keys.map((k) => [k, str((v as Record<string, unknown>)[k])]));
}

/** Reads and checks an entry (Argo's `validate` and `WatchPathConfig.Validate`). */
export function readFileSettings(entry: SourceEntry): FileSettings {
  const eventType = str(entry.eventType);
  if (eventType === "") throw invalid("type must be specified");
  const config = (entry.watchPathConfig ?? {}) as Record<string, unknown>;
  const directory = str(config.directory);
  const path = str(config.path);
  const pattern = str(config.pathRegexp);
  if (directory === "") throw invalid("directory is required");
  if (!directory.startsWith("/")) throw invalid("directory must be an absolute file path");
  if (path === "" && pattern === "") throw invalid("either path or pathRegexp must be specified");
  if (path !== "" && pattern !== "") throw invalid("path and pathRegexp cannot be specified together");
  if (path.startsWith("/")) throw invalid("path must be a relative file path");
  let pathRegexp: GoRegexp | undefined;
  if (pattern !== "") {
    try {
      pathRegexp = GoRegexp.compile(pattern);
    } catch (e) {
      throw invalid(e instanceof Error ? e.message : String(e), { cause: e });
    }
  }
  return {
    directory,
    path,
    pathRegexp,
    eventType,
    polling: entry.polling === true,
    metadata: goStringMap(entry.metadata),
  };
}

/** Argo's test: the path relative to `directory` (by text) names the watched file, and the op is wanted. */
export function isWanted(settings: FileSettings, name: string, op: string): boolean {
  const rel = name.startsWith(settings.directory) ? name.slice(settings.directory.length) : name;
  const matched =
    (settings.path !== "" && settings.path === rel) || (settings.pathRegexp?.test(rel) ?? false);
  return matched && settings.eventType === op;
}

export const fileEventData = (settings: FileSettings, name: string, op: FileOp): FileEventData => ({
  name,
  op: fileOps[op],
  metadata: settings.metadata,
});

/** Go's `filepath.Clean` for an absolute path (what fsnotify keeps as the watch's path). */
export function cleanAbsolute(p: string): string {
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}

/** The text of the errno Go prints for a failed watch (`no such file or directory`, …). */
export function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const known: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    ENOTDIR: "not a directory",
    ENOSPC: "no space left on device",
  };
  return (code && known[code]) ?? (e instanceof Error ? e.message : String(e));
}

/**
 * Sends events one at a time, in notification order; a refused event is logged and dropped, as
 * Argo does with a failed file event.
 */
export function serialEmitter(
  emit: (data: FileEventData) => Promise<unknown>,
  onError: (e: unknown, data: FileEventData) => void,
): { push(data: FileEventData): void; drain(): Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  return {
    push(data) {
      chain = chain
        .then(() => emit(data))
        .then(
          () => undefined,
          (e: unknown) => onError(e, data),
        );
    },
    drain: () => chain,
  };
}
