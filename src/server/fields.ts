/**
 * Argo's `fields=` response filter: `fields=items.metadata.name,items.status.phase` keeps only those
 * paths; a leading `-` (`fields=-items.status.nodes,items.spec`) removes them instead. A path keeps
 * or removes everything under it; arrays are walked through without adding to the path, so
 * `items.metadata.name` applies to every item.
 */

export class FieldFilter {
  private readonly exclude: boolean;
  private readonly fields: Set<string>;

  constructor(spec: string | undefined) {
    let text = spec ?? "";
    this.exclude = text.startsWith("-");
    if (this.exclude) text = text.slice(1);
    this.fields = new Set(text === "" ? [] : text.split(","));
  }

  /** True when the filter changes nothing. */
  get isEmpty(): boolean {
    return this.fields.size === 0;
  }

  /** Whether the value at `path` (dotted, from the response root) will be dropped. */
  willExclude(path: string): boolean {
    if (this.isEmpty) return false;
    const related = [...this.fields].some((f) => path.startsWith(f) || f.startsWith(path));
    return related ? this.exclude : !this.exclude;
  }

  /** Whether the paths name `path` or something under it, as opposed to an enclosing object. */
  names(path: string): boolean {
    return [...this.fields].some((f) => f.startsWith(path));
  }

  /** A copy of `value` with the filtered paths removed (the input is not changed). */
  apply<T>(value: T): T {
    if (this.isEmpty) return value;
    return this.clean([], value) as T;
  }

  private clean(path: string[], value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.clean(path, v));
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const p = [...path, k];
      const key = p.join(".");
      const listed = this.fields.has(key);
      // Include mode keeps a key that is listed or that leads to a listed path.
      const leadsToListed = listed || [...this.fields].some((f) => f.startsWith(key));
      const keep = this.exclude ? !listed : leadsToListed;
      if (!keep) continue;
      out[k] = listed ? v : this.clean(p, v);
    }
    return out;
  }
}
