/**
 * The broker clients and the Lua runtime, loaded on first use. Importing all of them costs
 * ~250 ms (redis alone ~90 ms) at every `argosy server` start, whether or not any EventSource,
 * Sensor or EventBus uses them; each promise is made once and shared.
 */
let nats: Promise<typeof import("nats")> | undefined;
let redis: Promise<typeof import("redis")> | undefined;
let amqplib: Promise<typeof import("amqplib")> | undefined;
let mqtt: Promise<typeof import("mqtt")> | undefined;
let wasmoon: Promise<typeof import("wasmoon")> | undefined;

export const natsClient = (): Promise<typeof import("nats")> => (nats ??= import("nats"));
export const redisClient = (): Promise<typeof import("redis")> => (redis ??= import("redis"));
export const amqpClient = (): Promise<typeof import("amqplib")> => (amqplib ??= import("amqplib"));
export const mqttClient = (): Promise<typeof import("mqtt")> => (mqtt ??= import("mqtt"));
export const luaRuntime = (): Promise<typeof import("wasmoon")> => (wasmoon ??= import("wasmoon"));
