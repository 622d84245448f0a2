/**
 * The conformance suite every Store implementation runs (SQLite now, PostgreSQL later). It only
 * uses the `Store` interface, so it says nothing about how an implementation keeps its data.
 * Each test gets a fresh, empty store from `open` and closes it afterwards.
 */
import { afterEach, beforeEach, describe } from "vitest";
import { registerArchiveTests } from "./store-suite-archive.js";
import { registerBusTests } from "./store-suite-bus.js";
import type { CurrentStore } from "./store-suite-fixtures.js";
import { registerObjectTests } from "./store-suite-objects.js";
import { registerWatchTests } from "./store-suite-watch.js";
import { registerWorkflowTests } from "./store-suite-workflows.js";
import type { Store } from "./types.js";

/**
 * Registers the shared store tests under `describe(name)`.
 * @param open returns a new, empty store; called once per test.
 */
export function runStoreSuite(name: string, open: () => Promise<Store>): void {
  describe(name, () => {
    let store: Store | undefined;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });
    const current: CurrentStore = () => {
      if (!store) throw new Error("store suite: no store is open");
      return store;
    };
    registerObjectTests(current);
    registerWorkflowTests(current);
    registerArchiveTests(current);
    registerWatchTests(current);
    registerBusTests(current);
  });
}
