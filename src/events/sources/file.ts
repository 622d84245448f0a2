/**
 * The `file` event source: an event for each notification about a file in `watchPathConfig.directory`
 * whose path and operation the entry asks for, with Argo's `data` (`{name, op, metadata}`).
 * Notifications come from `fs.watch` (file-watch.ts, inotify on Linux, named `<directory>/<file>`
 * as fsnotify names them) or, with `polling: true`, from listing the directory (file-poll.ts,
 * named by base name as Argo's polling watcher does). Every notification Argo would report is
 * reported: nothing is debounced or merged.
 */
import { invalid } from "../../util/errors.js";
import type { RunningSource, SourceContext, SourceDriver, SourceEntry } from "../types.js";
import {
  cleanAbsolute,
  errnoText,
  type FileOp,
  fileEventData,
  isWanted,
  readFileSettings,
  serialEmitter,
} from "./file-match.js";
import { defaultPollMs, pollDirectory } from "./file-poll.js";
import { watchDirectory } from "./file-watch.js";
import { withSourceFilter } from "./filtered.js";

export interface FileDriverOptions {
  /** How often `polling: true` lists the directory. @default 100 */
  pollIntervalMs?: number;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function createFileDriver(options: FileDriverOptions = {}): SourceDriver {
  return {
    type: "file",
    async start(entry: SourceEntry, given: SourceContext): Promise<RunningSource> {
      const context = withSourceFilter(entry, given);
      const settings = readFileSettings(entry);
      const emitter = serialEmitter(
        (data) => context.emit(data),
        (e, data) =>
          context.log("error", "failed to process a file event", { name: data.name, error: message(e) }),
      );
      const dir = cleanAbsolute(settings.directory);
      const onError = (e: unknown): void => context.log("error", "file watcher error", { error: message(e) });
      const report = (name: string, op: FileOp): void => {
        if (!isWanted(settings, name, op)) return;
        context.log("info", "file event", { "event-type": op, "descriptor-name": name });
        emitter.push(fileEventData(settings, name, op));
      };

      let watcher: { close(): Promise<void> };
      try {
        watcher = settings.polling
          ? await pollDirectory({
              dir,
              intervalMs: options.pollIntervalMs ?? defaultPollMs,
              onEvent: report,
              onError,
            })
          : watchDirectory({
              dir,
              onEvent: (name, op) => report(dir === "/" ? `//${name}` : `${dir}/${name}`, op),
              onError,
            });
      } catch (e) {
        const reason = settings.polling ? `stat ${settings.directory}: ${errnoText(e)}` : errnoText(e);
        throw invalid(
          `failed to add directory ${settings.directory} to the watcher for ${context.eventName}, ${reason}`,
          { cause: e },
        );
      }
      context.log("info", "listening to file notifications", { directory: settings.directory });

      let stopped: Promise<void> | undefined;
      const stop = (): Promise<void> => {
        stopped ??= (async () => {
          context.signal.removeEventListener("abort", onAbort);
          await watcher.close();
          await emitter.drain();
        })();
        return stopped;
      };
      const onAbort = (): void => void stop();
      context.signal.addEventListener("abort", onAbort);
      return { stop };
    },
  };
}
