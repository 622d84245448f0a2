import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { loadMigrations, migrationsDir, runMigrations } from "./migrate.js";

const root = mkdtempSync(join(tmpdir(), "argosy-migrate-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

describe("migrationsDir", () => {
  it("finds the folder beside the module when running from src", () => {
    expect(loadMigrations(migrationsDir()).map((m) => m.name)).toContain("0001_init.sql");
  });

  it("falls back to src/store/sqlite/migrations under the package root when running from dist", () => {
    const pkg = folder("pkg", { "package.json": "{}" });
    const src = folder("pkg/src/store/sqlite/migrations", { "0001_init.sql": "" });
    folder("pkg/dist/store/sqlite", {});
    const moduleUrl = pathToFileURL(join(pkg, "dist/store/sqlite/sqlite-store.js")).href;
    expect(migrationsDir(moduleUrl)).toBe(src);
  });
});

describe("loadMigrations", () => {
  it("orders numbered .sql files and ignores other files", () => {
    const dir = folder("ordered", { "0002_b.sql": "", "0001_a.sql": "", "README.md": "", "x.sql": "" });
    expect(loadMigrations(dir).map((m) => m.version)).toEqual([1, 2]);
  });

  it("rejects two migrations with the same number", () => {
    const dir = folder("dup", { "0001_a.sql": "", "0001_b.sql": "" });
    expect(() => loadMigrations(dir)).toThrow(/two SQLite migrations numbered 1/);
  });
});

describe("runMigrations", () => {
  it("applies only new migrations and rolls back a failing one with its record", () => {
    const db = new Database(":memory:");
    const one = { version: 1, name: "0001_a.sql", sql: "CREATE TABLE a (x INTEGER);" };
    expect(runMigrations(db, [one])).toEqual([1]);
    const bad = { version: 2, name: "0002_b.sql", sql: "CREATE TABLE b (x INTEGER); NOT SQL;" };
    expect(() => runMigrations(db, [one, bad])).toThrow();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck();
    expect(tables.all()).toEqual(["a", "schema_migrations"]);
    expect(runMigrations(db, [one])).toEqual([]);
    db.close();
  });
});
