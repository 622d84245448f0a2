/**
 * Numbered `.sql` migrations (`0001_init.sql`, `0002_….sql`, …), applied in order, each inside a
 * transaction together with its row in `schema_migrations`, so a crash never leaves half a migration.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type BetterSqlite3 from "better-sqlite3";
import { internal } from "../../util/errors.js";

/** One migration file, parsed from its name. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{4})_[\w-]+\.sql$/;

/**
 * The folder holding the `.sql` files. `tsc` does not copy them into `dist/`, so when this module
 * runs compiled (no `migrations/` beside it) the folder is found under the package root instead:
 * the nearest ancestor holding `package.json`, then `src/store/sqlite/migrations`.
 */
export function migrationsDir(moduleUrl: string = import.meta.url): string {
  const beside = fileURLToPath(new URL("./migrations/", moduleUrl));
  if (existsSync(beside)) return beside;
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) {
      const inSource = join(dir, "src", "store", "sqlite", "migrations");
      if (existsSync(inSource)) return inSource;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw internal(
    `SQLite migrations folder not found (looked beside ${moduleUrl} and under the package root)`,
  );
}

/** Reads and orders the migrations of a folder; two files with one number are an error. */
export function loadMigrations(dir: string): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir)) {
    const match = MIGRATION_FILE.exec(file);
    if (!match?.[1]) continue;
    migrations.push({ version: Number(match[1]), name: file, sql: readFileSync(join(dir, file), "utf8") });
  }
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]?.version === migrations[i - 1]?.version) {
      throw internal(`two SQLite migrations numbered ${migrations[i]?.version} in ${dir}`);
    }
  }
  return migrations;
}

/**
 * Applies the migrations not yet recorded. The whole check runs under `BEGIN IMMEDIATE`, so two
 * processes opening a fresh database at once do not both apply the same file.
 */
export function runMigrations(db: BetterSqlite3.Database, migrations: Migration[]): number[] {
  db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
  );
  const applied = db.prepare<[], number>("SELECT version FROM schema_migrations").pluck();
  const record = db.prepare<[number, string, string]>(
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
  );
  const apply = db.transaction((): number[] => {
    const done = new Set(applied.all());
    const now: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
      now.push(m.version);
    }
    return now;
  });
  return apply.immediate();
}
