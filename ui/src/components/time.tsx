/** Time cells: relative times with the exact time on hover, and durations that tick while running. */
import { durationSeconds, formatDuration, formatTime, fromNow } from "../util/time.js";
import { useNow } from "./use-now.js";

/** "5 minutes ago", with the local timestamp as a tooltip and machine-readable datetime. */
export function Time({ iso }: { iso: string | undefined }) {
  const now = useNow(Boolean(iso));
  if (!iso) return <span className="muted">-</span>;
  return (
    <time dateTime={iso} title={formatTime(iso)}>
      {fromNow(iso, now)}
    </time>
  );
}

/** Duration from start to finish, counting up each second while unfinished. */
export function Duration({ start, end }: { start: string | undefined; end: string | undefined }) {
  const now = useNow(Boolean(start) && !end);
  const s = durationSeconds(start, end, now);
  return s === undefined ? <span className="muted">-</span> : <span>{formatDuration(s)}</span>;
}
