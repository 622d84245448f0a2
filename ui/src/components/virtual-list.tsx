/**
 * A scrolling list that renders only the rows in view (plus a few either side): 10,000 timeline
 * rows or 100,000 log lines cost what 40 do. Rows have one fixed height. `stickToEnd` keeps the
 * view at the bottom while the user has not scrolled up (log following).
 */
import { type ReactNode, useEffect, useLayoutEffect, useRef, useState } from "react";

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  renderRow: (index: number) => ReactNode;
  label: string;
  className?: string;
  stickToEnd?: boolean;
  /** Scroll so this row is visible (selection from elsewhere). */
  scrollToIndex?: number;
  role?: string;
}

const overscan = 8;

export function VirtualList(p: VirtualListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const atEnd = useRef(true);

  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight || 600 });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: new rows (count) are what moves the end
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && p.stickToEnd && atEnd.current) el.scrollTop = el.scrollHeight;
  }, [p.count, p.stickToEnd]);

  useEffect(() => {
    const el = ref.current;
    if (!el || p.scrollToIndex === undefined || p.scrollToIndex < 0) return;
    const y = p.scrollToIndex * p.rowHeight;
    if (y < el.scrollTop || y + p.rowHeight > el.scrollTop + el.clientHeight) {
      el.scrollTop = Math.max(0, y - el.clientHeight / 2);
    }
  }, [p.scrollToIndex, p.rowHeight]);

  const first = Math.max(0, Math.floor(view.top / p.rowHeight) - overscan);
  const last = Math.min(p.count, Math.ceil((view.top + view.height) / p.rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div
        key={i}
        className="vrow"
        style={{ top: i * p.rowHeight, height: p.rowHeight }}
        role={p.role ? "listitem" : undefined}
      >
        {p.renderRow(i)}
      </div>,
    );
  }
  return (
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: the role is always set (list, log or group)
    <div
      ref={ref}
      className={`vlist ${p.className ?? ""}`}
      aria-label={p.label}
      role={p.role ?? "group"}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        atEnd.current = el.scrollTop + el.clientHeight >= el.scrollHeight - p.rowHeight;
        setView({ top: el.scrollTop, height: el.clientHeight });
      }}
    >
      <div className="vlist-inner" style={{ height: p.count * p.rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
