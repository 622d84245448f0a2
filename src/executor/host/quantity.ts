/**
 * Kubernetes resource quantities (`64Mi`, `1Gi`, `500M`, `0.5`, `250m`, `1e3`, plain numbers), as
 * `resources.limits` and `resources.requests` write them. Pure: no I/O.
 */

/** A quantity that does not follow Kubernetes' grammar, or is out of range. */
export class QuantityError extends Error {
  override readonly name = "QuantityError";
}

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

// `1E` is an exa suffix but `1E3` an exponent: the regex backtracks into the exponent branch.
const QUANTITY = /^(\+?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

const SUFFIXES = "Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or an exponent such as 1e3";

/** The quantity's value in base units (bytes, or CPU cores), possibly fractional; never negative. */
export function parseQuantity(value: string | number): number {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0)
      throw new QuantityError(`invalid quantity ${value}: must be a non-negative number`);
    return value;
  }
  const match = QUANTITY.exec(value.trim());
  if (!match) {
    throw new QuantityError(
      `invalid quantity "${value}": expected a non-negative number with an optional suffix (${SUFFIXES})`,
    );
  }
  const [, digits = "", suffix, exponent] = match;
  const base = Number(digits);
  const scale = suffix ? (BINARY[suffix] ?? DECIMAL[suffix] ?? 1) : exponent ? 10 ** Number(exponent) : 1;
  const parsed = base * scale;
  if (!Number.isFinite(parsed)) throw new QuantityError(`invalid quantity "${value}": too large`);
  return parsed;
}

/**
 * Rounds up as Kubernetes does (`500m` bytes is 1 byte, `0.0001` CPU is 1m), first dropping the
 * float noise of decimal fractions (`0.1 * 1000` is 100.00000000000001, not 101 millicores).
 */
const ceilClean = (x: number): number => Math.ceil(Number(x.toPrecision(12)));

/** A memory quantity in whole bytes, rounded up. */
export function memoryBytes(value: string | number): number {
  return ceilClean(parseQuantity(value));
}

/** A CPU quantity in cores, rounded up to whole millicores (`250m` → 0.25, `1.5` → 1.5). */
export function cpuCores(value: string | number): number {
  return ceilClean(parseQuantity(value) * 1000) / 1000;
}
