/**
 * The budget lines of issue 8, each checked against the table rows. A line whose rows are missing
 * (`--only`, a skipped mode) is reported as not measured rather than passed.
 */

const find = (rows, workload, mode, variant = "") =>
  rows.find(
    (r) =>
      r.workload === workload &&
      r.mode === mode &&
      r.variant === variant &&
      !r.note?.startsWith("argosy submit"),
  );

const ratio = (a, b) => (a && b ? a.ms / b.ms : undefined);

/** `{budget, pass, actual}` for each line; `pass` is undefined when it could not be measured. */
export function checkBudgets(rows) {
  const out = [];
  const line = (budget, pass, actual) => out.push({ budget, pass, actual });
  const fmt = (x, unit, digits = 2) => (x === undefined ? "not measured" : `${x.toFixed(digits)} ${unit}`);

  const b1 = ratio(find(rows, "B1", "argosy none"), find(rows, "B1", "make -j2"));
  line("B1 without sandbox ≤ 3 × make", b1 === undefined ? undefined : b1 <= 3, fmt(b1, "×"));
  const b1s = ratio(find(rows, "B1", "argosy bwrap"), find(rows, "B1", "bwrap loop"));
  line("B1 with sandbox ≤ 1.5 × bare bwrap loop", b1s === undefined ? undefined : b1s <= 1.5, fmt(b1s, "×"));

  for (const [mode, limit] of [
    ["none", 5],
    ["bwrap", 12],
  ]) {
    const r = find(rows, "B2", `argosy ${mode}`);
    line(
      `B2 ${mode === "none" ? "without" : "with"} sandbox ≤ ${limit} ms per hop`,
      r ? r.perUnitMs <= limit : undefined,
      fmt(r?.perUnitMs, "ms"),
    );
  }

  const b3 = ratio(find(rows, "B3", "argosy none"), find(rows, "B3", "make -j2"));
  line("B3 without sandbox ≤ 3 × make", b3 === undefined ? undefined : b3 <= 3, fmt(b3, "×"));
  for (const mode of ["none", "bwrap"]) {
    const r = find(rows, "B3", `argosy ${mode}`);
    line(
      `B3 peak RSS (${mode}) ≤ 300 MB`,
      r?.rssMB === undefined ? undefined : r.rssMB <= 300,
      r?.rssMB === undefined ? "not measured" : `${r.rssMB} MB`,
    );
  }

  for (const mode of ["none", "bwrap"]) {
    const r = find(rows, "B4", `argosy ${mode}`);
    line(
      `B4 (${mode}) ≤ 30 s, aggregated output whole in the last step`,
      r ? r.ms <= 30_000 && r.verified === true : undefined,
      r ? `${(r.ms / 1000).toFixed(1)} s, ${r.aggregated}` : "not measured",
    );
  }

  for (const mode of ["none", "bwrap"]) {
    const r = find(rows, "B5", `argosy ${mode}`);
    line(
      `B5 (${mode}) ≥ 3,000 workflows a minute`,
      r ? r.perMinute >= 3000 : undefined,
      r ? `${r.perMinute} /min` : "not measured",
    );
  }

  for (const variant of ["10k", "100k"]) {
    const r = find(rows, "B6", "engine", variant);
    line(
      `B6 growth to ${variant} ≤ 12 × (10 × the nodes)`,
      r?.growth === undefined ? undefined : r.growth <= 12,
      fmt(r?.growth, "×"),
    );
  }
  const b6 = find(rows, "B6", "engine", "100k");
  line(
    "B6 100,000 nodes ≤ 10 s",
    b6 ? b6.ms <= 10_000 : undefined,
    b6 ? `${(b6.ms / 1000).toFixed(2)} s` : "not measured",
  );
  return out;
}
