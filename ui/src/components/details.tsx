/** A two-column list of labelled values (the summary panels of every detail page). */
import type { ReactNode } from "react";

export type DetailRow = [label: string, value: ReactNode];

export function Details({ rows, label }: { rows: DetailRow[]; label?: string }) {
  return (
    <dl className="details" aria-label={label}>
      {rows
        .filter(([, v]) => v !== undefined && v !== null && v !== "")
        .map(([k, v]) => (
          <div key={k} className="details-row">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}

/** `key=value` chips for labels and annotations. */
export function Labels({ labels }: { labels: Record<string, string> | undefined }) {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return null;
  return (
    <ul className="chips" aria-label="labels">
      {entries.map(([k, v]) => (
        <li key={k} className="chip" title={`${k}=${v}`}>
          <span className="chip-key">{k}</span>={v}
        </li>
      ))}
    </ul>
  );
}
