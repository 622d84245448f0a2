/**
 * Real brokers for tests: `redis-server`, `nats-server`, `rabbitmq-server` and `mosquitto`, each on
 * a free 127.0.0.1 port in a fresh temp dir, resolved only once the broker answers its own protocol
 * (PING/PONG, a JetStream account-info request, an AMQP login, an MQTT CONNACK). The process dies
 * on `stop()` and with the test process. Tests guard with `it.skipIf(!hasBinary("redis-server"))`.
 *
 * Start to ready, measured on a 2-core box: redis-server, nats-server (also with JetStream) and
 * mosquitto 13–20 ms each; RabbitMQ 3.1–4.9 s (Erlang VM boot, feature-flag scan ≈ 0.7 s, Mnesia,
 * boot steps; no plugins). Start RabbitMQ once per file in `beforeAll` with a 120 s hook timeout.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import amqp from "amqplib";
import {
  findBinary,
  freePort,
  hasBinary,
  isExecutable,
  type Launched,
  launch,
  makeTempDir,
  probeTcp,
  type RunningService,
  removeDir,
  withFreshPorts,
} from "./process.js";

export { hasBinary, type RunningService };

function binary(name: string): string {
  const path = findBinary(name);
  if (path === undefined) throw new Error(`${name} is not installed`);
  return path;
}

function service(url: string, port: number, processes: Launched[], dir: string): RunningService {
  return {
    url,
    port,
    async stop() {
      for (const running of processes) await running.stop();
      // A killed process's sockets close when the kernel reaps it, a moment after the kill: wait
      // until the port refuses connections, so a test can rely on "stopped" (bounded: 5 s).
      for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
        if (!(await probeTcp(port, undefined, () => true))) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      removeDir(dir);
    },
  };
}

/** Starts, retrying on fresh ports unless the caller fixed the port. */
async function startOn<T>(fixed: number | undefined, start: (port: number) => Promise<T>): Promise<T> {
  if (fixed !== undefined) return await start(fixed);
  return await withFreshPorts(3, async () => await start(await freePort()));
}

export interface RedisOptions {
  /** Listen on this port (e.g. to bring a broker back where a source is reconnecting). */
  port?: number;
  /** `requirepass` for the default user. */
  password?: string;
}

/** `redis-server` without persistence; url `redis://127.0.0.1:PORT`. */
export async function startRedis(options: RedisOptions = {}): Promise<RunningService> {
  return await startOn(options.port, async (port) => {
    const dir = makeTempDir("redis");
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""];
    args.push("--appendonly", "no", "--protected-mode", "no", "--daemonize", "no");
    if (options.password !== undefined) args.push("--requirepass", options.password);
    // Without auth PING answers +PONG; with it, -NOAUTH — both prove the server is serving.
    const ready = () => probeTcp(port, "PING\r\n", (r) => /^(\+PONG|-NOAUTH)/.test(r.toString()));
    try {
      const server = await launch({
        name: "redis-server",
        command: binary("redis-server"),
        args,
        cwd: dir,
        ready,
      });
      return service(`redis://127.0.0.1:${port}`, port, [server], dir);
    } catch (error) {
      removeDir(dir);
      throw error;
    }
  });
}

export interface NatsOptions {
  port?: number;
  /** Runs `nats-server -js` with its store in the temp dir. */
  jetstream?: boolean;
  /** Require this token (`--auth`). */
  token?: string;
  /** Require this user and password. */
  user?: string;
  password?: string;
}

function natsConnect(options: NatsOptions): string {
  const fields: Record<string, unknown> = { verbose: false, pedantic: false };
  if (options.token !== undefined) fields.auth_token = options.token;
  if (options.user !== undefined) fields.user = options.user;
  if (options.password !== undefined) fields.pass = options.password;
  return `CONNECT ${JSON.stringify(fields)}\r\n`;
}

/** `nats-server` (optionally with JetStream); url `nats://127.0.0.1:PORT`. */
export async function startNats(options: NatsOptions = {}): Promise<RunningService> {
  return await startOn(options.port, async (port) => {
    const dir = makeTempDir("nats");
    const args = ["-a", "127.0.0.1", "-p", String(port)];
    if (options.jetstream) args.push("-js", "-sd", dir);
    if (options.token !== undefined) args.push("--auth", options.token);
    if (options.user !== undefined) args.push("--user", options.user, "--pass", options.password ?? "");
    const connect = natsConnect(options);
    // JetStream answers its API only once its store is ready: ask for the account info.
    const ready = options.jetstream
      ? () =>
          probeTcp(
            port,
            `${connect}SUB _INBOX.ready 1\r\nPUB $JS.API.INFO _INBOX.ready 0\r\n\r\n`,
            (r) => /account_info_response/.test(r.toString()) && !/"error"/.test(r.toString()),
          )
      : () => probeTcp(port, `${connect}PING\r\n`, (r) => r.toString().includes("PONG\r\n"));
    try {
      const server = await launch({
        name: "nats-server",
        command: binary("nats-server"),
        args,
        cwd: dir,
        ready,
      });
      return service(`nats://127.0.0.1:${port}`, port, [server], dir);
    } catch (error) {
      removeDir(dir);
      throw error;
    }
  });
}

export interface MosquittoOptions {
  port?: number;
}

// MQTT 3.1.1 CONNECT: clean session, keep-alive 60 s, empty client id.
const mqttConnect = Buffer.from([0x10, 12, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, 0, 60, 0, 0]);

/** `mosquitto` with anonymous access and no persistence; url `mqtt://127.0.0.1:PORT`. */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<RunningService> {
  return await startOn(options.port, async (port) => {
    const dir = makeTempDir("mosquitto");
    const config = join(dir, "mosquitto.conf");
    writeFileSync(
      config,
      [`listener ${port} 127.0.0.1`, "allow_anonymous true", "persistence false", "log_dest stderr", ""].join(
        "\n",
      ),
    );
    // CONNACK with return code 0.
    const ready = () => probeTcp(port, mqttConnect, (r) => r.length >= 4 && r[0] === 0x20 && r[3] === 0);
    try {
      const args = ["-c", config];
      const server = await launch({ name: "mosquitto", command: binary("mosquitto"), args, cwd: dir, ready });
      return service(`mqtt://127.0.0.1:${port}`, port, [server], dir);
    } catch (error) {
      removeDir(dir);
      throw error;
    }
  });
}

export interface RabbitMqOptions {
  port?: number;
}

async function amqpLogin(url: string): Promise<boolean> {
  try {
    const connection = await amqp.connect(url, { timeout: 1000 });
    connection.on("error", () => {});
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * `rabbitmq-server` 3.x as a private node: its own epmd on a free port (so nothing outlives the
 * test), Mnesia, logs and the Erlang cookie (HOME) in the temp dir, no plugins, node/dist ports
 * free. Ready once `guest` can log in. url `amqp://guest:guest@127.0.0.1:PORT`.
 */
export async function startRabbitMq(options: RabbitMqOptions = {}): Promise<RunningService> {
  return await startOn(options.port, async (port) => {
    const dir = makeTempDir("rabbitmq");
    const started: Launched[] = [];
    try {
      const epmdPort = await freePort();
      const distPort = await freePort();
      const epmd = await launch({
        name: "epmd",
        command: binary("epmd"),
        args: ["-port", String(epmdPort)],
        ready: () => probeTcp(epmdPort, undefined, () => true),
        stopSignal: "SIGKILL",
      });
      started.push(epmd);
      writeFileSync(join(dir, "enabled_plugins"), "[].\n");
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        HOME: dir,
        ERL_EPMD_PORT: String(epmdPort),
        RABBITMQ_NODENAME: `argosy-${port}@localhost`,
        RABBITMQ_NODE_IP_ADDRESS: "127.0.0.1",
        RABBITMQ_NODE_PORT: String(port),
        RABBITMQ_DIST_PORT: String(distPort),
        RABBITMQ_MNESIA_BASE: join(dir, "mnesia"),
        RABBITMQ_LOG_BASE: join(dir, "log"),
        RABBITMQ_LOGS: "-",
        RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, "enabled_plugins"),
        RABBITMQ_CONFIG_FILE: join(dir, "rabbitmq"),
        RABBITMQ_CONF_ENV_FILE: join(dir, "rabbitmq-env.conf"),
      };
      const url = `amqp://guest:guest@127.0.0.1:${port}`;
      const server = await launch({
        name: "rabbitmq-server",
        command: rabbitScript(),
        args: [],
        env,
        cwd: dir,
        ready: () => amqpLogin(url),
        timeoutMs: 90_000,
        // A graceful RabbitMQ shutdown takes seconds, and the node's data is thrown away anyway.
        stopSignal: "SIGKILL",
      });
      started.unshift(server);
      return service(url, port, started, dir);
    } catch (error) {
      for (const running of started) await running.stop();
      removeDir(dir);
      throw error;
    }
  });
}

/** Debian's /usr/sbin wrapper switches to the rabbitmq user (or refuses); the script it wraps runs as anyone. */
function rabbitScript(): string {
  const direct = "/usr/lib/rabbitmq/bin/rabbitmq-server";
  return isExecutable(direct) ? direct : binary("rabbitmq-server");
}
