/** Printing the results: one table of every figure, then PASS/MISS per budget line. */

const ms = (x) => (x === undefined ? "" : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);

/** Ratio of each row's time to the make row of the same workload and variant. */
export function addMakeRatios(rows) {
  for (const r of rows) {
    const make = rows.find(
      (m) => m.mode === "make -j2" && m.workload === r.workload && m.variant === r.variant,
    );
    if (make && r !== make) r.vsMake = +(r.ms / make.ms).toFixed(2);
  }
}

function pad(cells, widths) {
  return cells
    .map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
    .join("  ");
}

export function printTable(rows, out = process.stdout) {
  const head = ["workload", "mode", "wall", "per unit", "peak RSS", "vs make", "note"];
  const body = rows.map((r) => [
    `${r.workload}${r.variant ? ` ${r.variant}` : ""}`,
    r.mode,
    ms(r.ms),
    r.perUnitMs === undefined ? "" : `${r.perUnitMs} ms/${r.unit}`,
    r.rssMB === undefined ? "" : `${r.rssMB} MB`,
    r.vsMake === undefined ? "" : `${r.vsMake} ×`,
    [
      r.perMinute ? `${r.perMinute} wf/min` : "",
      r.growth ? `growth ${r.growth} ×` : "",
      r.aggregated ?? "",
      r.note ?? "",
    ]
      .filter(Boolean)
      .join("; "),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  widths[widths.length - 1] = 0;
  out.write(`${pad(head, widths)}\n`);
  for (const b of body) out.write(`${pad(b, widths)}\n`);
}

export function printBudgets(lines, out = process.stdout) {
  out.write("\nbudgets (issue 8):\n");
  for (const l of lines) {
    const verdict = l.pass === undefined ? "n/a " : l.pass ? "PASS" : "MISS";
    out.write(`  ${verdict}  ${l.budget.padEnd(58)} ${l.actual}\n`);
  }
}
