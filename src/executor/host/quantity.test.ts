import { describe, expect, it } from "vitest";
import { cpuCores, memoryBytes, parseQuantity, QuantityError } from "./quantity.js";

describe("parseQuantity", () => {
  const cases: [string | number, number][] = [
    ["64Mi", 64 * 2 ** 20],
    ["1Ki", 1024],
    ["1Gi", 2 ** 30],
    ["2Ti", 2 * 2 ** 40],
    ["1.5Gi", 1.5 * 2 ** 30],
    ["500M", 500e6],
    ["1k", 1000],
    ["3G", 3e9],
    ["1T", 1e12],
    ["1E", 1e18],
    ["1e3", 1000],
    ["1E3", 1000],
    ["12e-1", 1.2],
    ["0.5", 0.5],
    [".5", 0.5],
    ["250m", 0.25],
    ["+2", 2],
    ["128974848", 128974848],
    [0, 0],
    [1.5, 1.5],
  ];
  it.each(cases)("reads %s", (input, value) => {
    expect(parseQuantity(input)).toBeCloseTo(value, 9);
  });

  const bad: (string | number)[] = [
    "",
    "abc",
    "64MB",
    "1.2.3",
    "-1",
    "Mi",
    "1 Gi",
    "1e",
    "0x10",
    -5,
    Number.NaN,
  ];
  it.each(bad)("rejects %s with a clear error", (input) => {
    expect(() => parseQuantity(input)).toThrow(QuantityError);
    expect(() => parseQuantity(input)).toThrow(/invalid quantity/);
  });
});

describe("memoryBytes and cpuCores", () => {
  it("rounds bytes up to whole bytes", () => {
    expect(memoryBytes("500m")).toBe(1);
    expect(memoryBytes("0.1Gi")).toBe(107374183);
    expect(memoryBytes(1000)).toBe(1000);
  });
  it("rounds CPU up to whole millicores without float noise", () => {
    expect(cpuCores("250m")).toBe(0.25);
    expect(cpuCores("0.1")).toBe(0.1);
    expect(cpuCores("1.5")).toBe(1.5);
    expect(cpuCores("0.0001")).toBe(0.001);
    expect(cpuCores(2)).toBe(2);
  });
});
