/**
 * The event source drivers Argosy runs, one per `SourceType`. Drivers that hold shared resources
 * (the webhook driver's per-port HTTP servers) keep them per `createSourceDrivers` call, so a
 * runtime makes one set and starts every EventSource's entries with it.
 */
import type { SourceDriver, SourceType } from "../types.js";
import { amqpDriver } from "./amqp.js";
import { type CalendarDriverOptions, createCalendarDriver } from "./calendar.js";
import { createFileDriver, type FileDriverOptions } from "./file.js";
import { mqttDriver } from "./mqtt.js";
import { natsDriver } from "./nats.js";
import { redisDriver } from "./redis.js";
import { redisStreamDriver } from "./redis-stream.js";
import { createWebhookDriver } from "./webhook.js";

export interface SourceDriversOptions {
  /** The address webhook servers bind. @default "127.0.0.1" */
  webhookHost?: string;
  /** Timer and monotonic clock of calendar sources (tests inject fake ones). */
  calendar?: CalendarDriverOptions;
  /** Polling interval of `polling: true` file sources. */
  file?: FileDriverOptions;
}

export function createSourceDrivers(options: SourceDriversOptions = {}): Record<SourceType, SourceDriver> {
  return {
    webhook: createWebhookDriver(options.webhookHost === undefined ? {} : { host: options.webhookHost }),
    calendar: createCalendarDriver(options.calendar),
    file: createFileDriver(options.file),
    redis: redisDriver,
    redisStream: redisStreamDriver,
    nats: natsDriver,
    amqp: amqpDriver,
    mqtt: mqttDriver,
  };
}

export { type CalendarDriverOptions, type CalendarTimer, createCalendarDriver } from "./calendar.js";
export { createFileDriver, type FileDriverOptions } from "./file.js";
export { createWebhookDriver, type RunningWebhook, type WebhookDriverOptions } from "./webhook.js";
