/**
 * Column alignment as Go's `text/tabwriter` does it for Argo's tables: every cell but the last of
 * a row is padded to its column's widest cell plus `padding` spaces; the last cell is written as
 * is. Widths count what a terminal shows, so ANSI colour codes take no room.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escape sequences is the point
const ansi = /\x1b\[[0-9;]*m/g;

/** The number of terminal columns `text` takes (code points, colour codes excluded). */
export const visibleWidth = (text: string): number => [...text.replace(ansi, "")].length;

/** Aligns `rows` into lines joined by newlines (with a final newline when there are rows). */
export function formatTable(rows: string[][], padding: number): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.slice(0, -1).forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visibleWidth(cell));
    });
  }
  const lines = rows.map((row) =>
    row
      .map((cell, i) =>
        i < row.length - 1 ? cell + " ".repeat((widths[i] ?? 0) - visibleWidth(cell) + padding) : cell,
      )
      .join("")
      .trimEnd(),
  );
  return lines.length ? `${lines.join("\n")}\n` : "";
}
