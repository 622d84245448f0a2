import { describe, expect, it } from "vitest";
import { redact } from "./redact.js";

describe("redact", () => {
  it.each([
    ["Authorization: Bearer v2:abc.def==", "Authorization: Bearer [redacted]"],
    ['{"authorization":"bearer xyz"}', '{"authorization":"bearer [redacted]"}'],
    ["Basic dXNlcjpwYXNz", "Basic [redacted]"],
    ["GET /artifact-files/a/argosy_Ab-9_z 401", "GET /artifact-files/a/[redacted] 401"],
    ["GET /api/v1/x?token=s3cr3t&n=1", "GET /api/v1/x?token=[redacted]&n=1"],
    ["GET /api/v1/workflows/a 200 3ms", "GET /api/v1/workflows/a 200 3ms"],
  ])("%s", (input, output) => {
    expect(redact(input)).toBe(output);
  });
});
