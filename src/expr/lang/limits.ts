/**
 * Bounds on every evaluation. The interpreters are tree walkers over untrusted input, so each run
 * carries a `Budget` that every node visit, loop iteration and allocation draws from.
 */
import { fail } from "../errors.js";

export const limits = {
  /** Longest accepted expression source, in UTF-16 units. */
  maxSourceLength: 64 * 1024,
  /** Deepest accepted syntactic nesting (parentheses, calls, unary chains…). */
  maxDepth: 200,
  /** Node visits plus per-element work of builtins, per evaluation. */
  maxSteps: 1_000_000,
  /** Array elements and map entries created, per evaluation (expr's memory budget is the same). */
  maxElements: 1_000_000,
  /** Longest string an operation may produce. */
  maxStringLength: 16 * 1024 * 1024,
  /** Deepest data structure the recursive helpers (equality, JSON, flatten) will walk. */
  maxDataDepth: 10_000,
} as const;

/** Step and allocation counters for one evaluation. */
export class Budget {
  private steps = 0;
  private elements = 0;

  constructor(
    private readonly maxSteps: number = limits.maxSteps,
    private readonly maxElements: number = limits.maxElements,
  ) {}

  /** Spends `n` steps; throws once the evaluation has used more than its share. */
  step(n = 1): void {
    this.steps += n;
    if (this.steps > this.maxSteps) throw fail(`evaluation exceeded ${this.maxSteps} steps`);
  }

  /** Accounts for `n` new elements (array items, map entries, range members). */
  alloc(n: number): void {
    this.elements += n;
    this.steps += n;
    if (this.elements > this.maxElements) throw fail("memory budget exceeded");
    if (this.steps > this.maxSteps) throw fail(`evaluation exceeded ${this.maxSteps} steps`);
  }

  /** Checks a produced string against the size cap and charges for its length. */
  str(s: string): string {
    if (s.length > limits.maxStringLength) throw fail("memory budget exceeded");
    this.step(s.length >>> 10);
    return s;
  }
}
