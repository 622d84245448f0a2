import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ArgoApi } from "./api.js";
import { ApiError, errorFromBody } from "./errors.js";
import { StreamDecoder } from "./stream.js";

/** Feeds `text` cut at `cuts` (byte offsets) and collects every message. */
function decodeInPieces(text: string, cuts: number[]): unknown[] {
  const bytes = Buffer.from(text, "utf8");
  const decoder = new StreamDecoder();
  const out: unknown[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(...decoder.push(bytes.subarray(from, cut)));
    from = cut;
  }
  out.push(...decoder.end());
  return out;
}

const sse =
  ": keepalive\n\n" +
  'data: {"result":{"type":"ADDED","object":{"metadata":{"name":"wf-é"}}}}\n\n' +
  "event: message\r\n" +
  'data: {"result":{"type":"MODIFIED","object":{"metadata":{"name":"wf-✔"}}}}\r\n\r\n';

const expected = [
  { type: "ADDED", object: { metadata: { name: "wf-é" } } },
  { type: "MODIFIED", object: { metadata: { name: "wf-✔" } } },
];

describe("StreamDecoder", () => {
  it("decodes server-sent events cut at every single byte position", () => {
    const length = Buffer.byteLength(sse);
    for (let cut = 0; cut <= length; cut++) expect(decodeInPieces(sse, [cut])).toEqual(expected);
  });

  it("decodes server-sent events fed one byte at a time (multi-byte characters split)", () => {
    const length = Buffer.byteLength(sse);
    expect(
      decodeInPieces(
        sse,
        Array.from({ length }, (_, i) => i),
      ),
    ).toEqual(expected);
  });

  it("decodes newline-delimited JSON, including a last line without a newline", () => {
    const ndjson = '{"result":{"podName":"p1","content":"a"}}\n{"result":{"podName":"p2","content":"b: c"}}';
    for (const cut of [1, 20, 43, 44, 60]) {
      expect(decodeInPieces(ndjson, [cut])).toEqual([
        { podName: "p1", content: "a" },
        { podName: "p2", content: "b: c" },
      ]);
    }
  });

  it("joins an event whose JSON spans several data lines", () => {
    expect(decodeInPieces('data: {"result":\ndata: {"x":1}}\n\n', [7])).toEqual([{ x: 1 }]);
  });

  it("turns an error message into an ApiError", () => {
    const decoder = new StreamDecoder();
    expect(() =>
      decoder.push('{"error":{"code":5,"message":"workflows.argoproj.io \\"x\\" not found"}}\n'),
    ).toThrow('rpc error: code = NotFound desc = workflows.argoproj.io "x" not found');
  });
});

describe("errorFromBody", () => {
  it("reads Argo's {code, message}", () => {
    const e = errorFromBody(404, '{"code":5,"message":"not here"}');
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe("NotFound");
    expect(e.message).toBe("rpc error: code = NotFound desc = not here");
  });

  it("falls back to the HTTP status for the code and the body for the text", () => {
    expect(errorFromBody(409, '{"message":"exists"}').code).toBe("AlreadyExists");
    expect(errorFromBody(500, "boom").message).toBe("rpc error: code = Internal desc = boom");
    expect(errorFromBody(400, '{"code":"Invalid","message":"bad"}').code).toBe("InvalidArgument");
  });
});

describe("ArgoApi over real HTTP", () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  async function serve(handler: http.RequestListener): Promise<ArgoApi> {
    server = http.createServer(handler);
    await new Promise<void>((r) => server?.listen(0, "127.0.0.1", () => r()));
    const { port } = server.address() as AddressInfo;
    return new ArgoApi({ server: `127.0.0.1:${port}`, secure: false, token: "abc" });
  }

  it("reads a watch stream written in small odd pieces, sending the token and the field selector", async () => {
    const seen: { url?: string; auth?: string; accept?: string } = {};
    const api = await serve(async (req, res) => {
      seen.url = req.url;
      seen.auth = req.headers.authorization;
      seen.accept = req.headers.accept;
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      const bytes = Buffer.from(sse);
      for (let i = 0; i < bytes.length; i += 7) {
        res.write(bytes.subarray(i, i + 7));
        await new Promise((r) => setImmediate(r));
      }
      res.end();
    });
    const events = [];
    for await (const e of await api.watchWorkflows("argo", { name: "wf" })) events.push(e);
    expect(events).toEqual(expected);
    expect(seen.auth).toBe("Bearer abc");
    expect(seen.accept).toBe("text/event-stream");
    expect(seen.url).toBe(
      "/api/v1/workflow-events/argo?listOptions.fieldSelector=metadata.name%3Dwf&listOptions.resourceVersion=0",
    );
  });

  it("turns an error answer into Argo's message and follows continue tokens", async () => {
    const api = await serve((req, res) => {
      if (req.url?.startsWith("/api/v1/workflows/argo/missing")) {
        res.writeHead(404, { "Content-Type": "application/json" });
        res.end('{"code":5,"message":"workflows.argoproj.io \\"missing\\" not found"}');
        return;
      }
      const page = req.url?.includes("continue=p2") ? 2 : 1;
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          metadata: page === 1 ? { continue: "p2" } : {},
          items: page === 1 ? [{ metadata: { name: "a" } }] : null,
        }),
      );
    });
    await expect(api.getWorkflow("argo", "missing")).rejects.toThrow(
      'rpc error: code = NotFound desc = workflows.argoproj.io "missing" not found',
    );
    expect((await api.listWorkflows("argo")).map((w) => w.metadata.name)).toEqual(["a"]);
  });

  it("words a refused connection like Go's HTTP client", async () => {
    const api = new ArgoApi({ server: "127.0.0.1:1", secure: false });
    await expect(api.getWorkflow("argo", "x")).rejects.toThrow(
      /^Get "http:\/\/127\.0\.0\.1:1\/api\/v1\/workflows\/argo\/x": dial tcp 127\.0\.0\.1:1: connect: connection refused$/,
    );
  });
});
