import { afterEach, describe, expect, it } from "vitest";
import type { KeyValueState, RunningSource, SourceContext, SourceEntry } from "../types.js";
import { type CalendarTimer, createCalendarDriver } from "./calendar.js";

/** Fake time: sleepers wake, in time order, only when the test moves the clock. */
class FakeClock {
  nowMs: number;
  private sleepers: { at: number; wake: () => void }[] = [];
  private onSleep: (() => void)[] = [];

  constructor(iso: string) {
    this.nowMs = Date.parse(iso);
  }

  readonly timer: CalendarTimer = {
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        const sleeper = {
          at: this.nowMs + ms,
          wake: () => {
            this.sleepers = this.sleepers.filter((s) => s !== sleeper);
            resolve();
          },
        };
        if (signal.aborted) return resolve();
        signal.addEventListener("abort", sleeper.wake, { once: true });
        this.sleepers.push(sleeper);
        for (const notify of this.onSleep.splice(0)) notify();
      }),
  };

  /** Resolves when the source next goes to sleep (it is then idle). */
  nextSleep(): Promise<void> {
    return new Promise((resolve) => this.onSleep.push(resolve));
  }

  /** Moves the clock to `iso`, letting the source run at every wake-up on the way. */
  async advanceTo(iso: string): Promise<void> {
    const target = Date.parse(iso);
    for (;;) {
      const due = this.sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.nowMs = Math.max(this.nowMs, due.at);
      const slept = this.nextSleep();
      due.wake();
      await slept;
    }
    this.nowMs = target;
  }
}

function memoryState(): KeyValueState & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: async (k) => values.get(k),
    put: async (k, v) => {
      values.set(k, v);
    },
    delete: async (k) => {
      values.delete(k);
    },
  };
}

interface Emitted {
  data: { eventTime: string; metadata?: Record<string, string> };
  id: string | undefined;
}

function harness(clock: FakeClock, state = memoryState(), fail?: () => boolean) {
  const emitted: Emitted[] = [];
  const context: SourceContext = {
    namespace: "default",
    eventSourceName: "calendar",
    eventName: "tick",
    async emit(data, options) {
      if (fail?.()) throw new Error("bus is down");
      emitted.push({ data: data as Emitted["data"], id: options?.id });
      return { duplicate: false };
    },
    log: () => {},
    secret: async () => "",
    state,
    now: () => new Date(clock.nowMs),
    signal: new AbortController().signal,
  };
  return { context, emitted, state };
}

const running: RunningSource[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

async function start(clock: FakeClock, entry: SourceEntry, h: ReturnType<typeof harness>) {
  const driver = createCalendarDriver({ timer: clock.timer, monotonicNs: () => 1_500_000_000 });
  const asleep = clock.nextSleep();
  const r = await driver.start(entry, h.context);
  running.push(r);
  await asleep;
  return r;
}

const times = (emitted: Emitted[]) => emitted.map((e) => e.data.eventTime);

describe("calendar event source", () => {
  it("ticks on a cron schedule with Argo's eventTime and metadata", async () => {
    const clock = new FakeClock("2024-01-15T10:02:30Z");
    const h = harness(clock);
    await start(clock, { schedule: "*/5 * * * *", metadata: { b: "2", a: "1" } }, h);
    expect(h.emitted).toEqual([]);
    await clock.advanceTo("2024-01-15T10:16:00Z");
    expect(times(h.emitted)).toEqual([
      "2024-01-15 10:05:00 +0000 UTC m=+1.500000000",
      "2024-01-15 10:10:00 +0000 UTC m=+1.500000000",
      "2024-01-15 10:15:00 +0000 UTC m=+1.500000000",
    ]);
    expect(h.emitted[0]?.data.metadata).toEqual({ a: "1", b: "2" });
    expect(new Set(h.emitted.map((e) => e.id)).size).toBe(3);
    expect(h.state.values.size).toBe(0);
  });

  it("ticks on an interval from the whole second", async () => {
    const clock = new FakeClock("2024-01-15T10:00:00.500Z");
    const h = harness(clock);
    await start(clock, { interval: "90s" }, h);
    await clock.advanceTo("2024-01-15T10:03:10Z");
    expect(times(h.emitted)).toEqual([
      "2024-01-15 10:01:30 +0000 UTC m=+1.500000000",
      "2024-01-15 10:03:00 +0000 UTC m=+1.500000000",
    ]);
  });

  it("skips excluded days", async () => {
    const clock = new FakeClock("2024-01-01T00:00:00Z");
    const h = harness(clock);
    await start(clock, { schedule: "0 9 * * *", exclusionDates: ["EXDATE:20240102T000000Z"] }, h);
    await clock.advanceTo("2024-01-04T10:00:00Z");
    expect(times(h.emitted).map((t) => t.slice(0, 10))).toEqual(["2024-01-01", "2024-01-03", "2024-01-04"]);
  });

  it("runs the schedule in its timezone", async () => {
    const clock = new FakeClock("2024-01-15T00:00:00Z");
    const h = harness(clock);
    await start(clock, { schedule: "0 9 * * *", timezone: "America/New_York" }, h);
    await clock.advanceTo("2024-01-15T13:59:00Z");
    expect(h.emitted).toEqual([]);
    await clock.advanceTo("2024-01-15T14:00:00Z");
    // A live tick shows the clock reading (UTC, as in Argo's pods); a caught-up one, the zone.
    expect(times(h.emitted)).toEqual(["2024-01-15 14:00:00 +0000 UTC m=+1.500000000"]);
  });

  it("catches up, in order, the ticks missed while stopped, bounded by maxDuration", async () => {
    const clock = new FakeClock("2024-01-15T10:00:00Z");
    const state = memoryState();
    const entry = {
      schedule: "*/10 * * * *",
      timezone: "Europe/Berlin",
      persistence: { catchup: { enabled: true, maxDuration: "1h" }, configMap: { name: "cm" } },
    };
    const first = harness(clock, state);
    const r = await start(clock, entry, first);
    await clock.advanceTo("2024-01-15T10:25:00Z");
    await r.stop();
    expect(times(first.emitted)).toEqual([
      "2024-01-15 10:10:00 +0000 UTC m=+1.500000000",
      "2024-01-15 10:20:00 +0000 UTC m=+1.500000000",
    ]);
    expect(JSON.parse(state.values.get("calendar.tick") ?? "{}")).toEqual({
      eventTime: times(first.emitted)[1],
    });

    // Restart 95 minutes later: the last hour's ticks come first, then the live one.
    clock.nowMs = Date.parse("2024-01-15T12:00:00Z");
    const second = harness(clock, state);
    await start(clock, entry, second);
    expect(times(second.emitted)).toEqual([
      "2024-01-15 12:10:00 +0100 CET",
      "2024-01-15 12:20:00 +0100 CET",
      "2024-01-15 12:30:00 +0100 CET",
      "2024-01-15 12:40:00 +0100 CET",
      "2024-01-15 12:50:00 +0100 CET",
      "2024-01-15 12:00:00 +0000 UTC m=+1.500000000",
    ]);
  });

  it("catches up from the recorded tick when maxDuration is unset, and not at all without catchup", async () => {
    const clock = new FakeClock("2024-01-15T10:00:00Z");
    const state = memoryState();
    const entry = { schedule: "*/30 * * * *", persistence: { catchup: { enabled: true } } };
    const r = await start(clock, entry, harness(clock, state));
    await clock.advanceTo("2024-01-15T10:31:00Z");
    await r.stop();
    clock.nowMs = Date.parse("2024-01-15T12:15:00Z");
    const again = harness(clock, state);
    await start(clock, entry, again);
    expect(times(again.emitted)).toEqual([
      "2024-01-15 11:00:00 +0000 UTC",
      "2024-01-15 11:30:00 +0000 UTC",
      "2024-01-15 12:00:00 +0000 UTC",
    ]);
    const off = harness(clock, state);
    await start(clock, { ...entry, persistence: { catchup: { enabled: false } } }, off);
    expect(off.emitted).toEqual([]);
  });

  it("retries a tick the bus refused when persistence is on, with the same id", async () => {
    const clock = new FakeClock("2024-01-15T10:00:30Z");
    let failures = 1;
    const h = harness(clock, memoryState(), () => failures-- > 0);
    await start(clock, { schedule: "* * * * *", persistence: {} }, h);
    await clock.advanceTo("2024-01-15T10:01:00Z");
    expect(h.emitted).toEqual([]);
    await clock.advanceTo("2024-01-15T10:01:00.100Z");
    expect(times(h.emitted)).toEqual(["2024-01-15 10:01:00 +0000 UTC"]);
    await clock.advanceTo("2024-01-15T10:02:00Z");
    expect(h.emitted).toHaveLength(2);
    expect(h.emitted[0]?.id).not.toBe(h.emitted[1]?.id);
  });

  it.each([
    [{}, "must have either schedule or interval"],
    [
      { schedule: "@daily" },
      "failed to parse schedule @daily from calendar event. Cause: parser does not accept descriptors: @daily",
    ],
    [
      { interval: "10 s" },
      'failed to parse interval 10 s from calendar event. Cause: time: unknown unit " s" in duration "10 s"',
    ],
    [
      { interval: "1m", timezone: "Nowhere/Land" },
      "failed to load location for event source calendar / tick, , unknown time zone Nowhere/Land",
    ],
    [
      { interval: "1m", persistence: { catchup: { enabled: true, maxDuration: "soon" } } },
      'time: invalid duration "soon"',
    ],
    [
      { schedule: "0 0 * * * *", timezone: "Nowhere/Land" },
      "Cause: expected exactly 5 fields, found 6: [0 0 * * * *]",
    ],
    [
      { interval: "1m", exclusionDates: ["EXDATE:2024"] },
      'parsing time "2024" as "20060102T150405Z": cannot parse "" as "01"',
    ],
  ])("refuses %j", async (entry, message) => {
    const clock = new FakeClock("2024-01-15T10:00:00Z");
    await expect(
      createCalendarDriver({ timer: clock.timer }).start(entry, harness(clock).context),
    ).rejects.toThrow(message);
  });
});
