/**
 * The closest known name to a misspelt one, when it is close enough to be a likely typo: at most one
 * edit for short names, two for longer ones. Case differences count as a near miss.
 */
export function closestName(wrong: string, known: Iterable<string>): string | undefined {
  const budget = wrong.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const name of known) {
    if (name.toLowerCase() === wrong.toLowerCase()) return name;
    const d = editDistance(wrong, name, bestDistance);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** Damerau-Levenshtein distance (adjacent swaps count once), giving up past `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prevPrev[j - 2] ?? 0) + 1);
      }
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin >= limit) return limit;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length] ?? limit;
}
