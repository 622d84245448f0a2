/**
 * Runs an Argo Events Lua `script` (a filter or a transform) in wasmoon (Lua 5.4 compiled to
 * WebAssembly). The event data is the global `event` (nulls left out, as Argo's table conversion
 * does); the script's last return value comes back as JSON, encoded inside Lua so tables convert
 * the way Argo's do (a table with a sequence part is an array, else an object with string keys; a
 * metatable field `__is_array = true` forces an array).
 *
 * Sandbox: every run gets a fresh Lua state, closed afterwards; `io`, `os`, `require`, `package`,
 * `load`, `loadfile`, `dofile`, `debug`, `collectgarbage`, `print` and `string.dump` are removed
 * before the script is loaded (text only, never bytecode); memory is capped and a wall-clock limit
 * is enforced every 1000 instructions by wasmoon's count hook, so `while true do end` stops.
 */
import type { LuaFactory } from "wasmoon";
import { invalid } from "../../util/errors.js";
import { luaRuntime } from "../clients.js";
import { isJsonMap, type JsonMap } from "./paths.js";

export const luaLimits = { timeoutMs: 1000, memoryBytes: 64 * 1024 * 1024 };

const wrapper = String.raw`
local src = __argosy_source
__argosy_source = nil
local load, type, tostring, error, select, getmetatable, rawget, next =
  load, type, tostring, error, select, getmetatable, rawget, next
local mtype, huge, format, gsub, byte, concat = math.type, math.huge, string.format, string.gsub, string.byte, table.concat
_ENV.io, _ENV.os, _ENV.require, _ENV.package, _ENV.load, _ENV.loadfile = nil
_ENV.dofile, _ENV.debug, _ENV.collectgarbage, _ENV.print = nil
string.dump = nil
local chunk, err = load(src, "=script", "t", _ENV)
if not chunk then error(err, 0) end
local function last(...)
  local n = select("#", ...)
  if n == 0 then return nil end
  return (select(n, ...))
end
local value = last(chunk())
local function esc(c)
  if c == '"' then return '\\"' end
  if c == "\\" then return "\\\\" end
  return format("\\u%04x", byte(c))
end
local function encode(v, depth)
  if depth > 100 then error("script result is nested too deeply", 0) end
  local t = type(v)
  if v == nil then return "null" end
  if t == "boolean" then return v and "true" or "false" end
  if t == "number" then
    if v ~= v or v == huge or v == -huge then error("script result contains " .. tostring(v), 0) end
    if mtype(v) == "integer" then return format("%d", v) end
    return format("%.17g", v)
  end
  if t == "string" then return '"' .. gsub(v, '[%c"\\]', esc) .. '"' end
  if t ~= "table" then error("script result contains a " .. t, 0) end
  local mt = getmetatable(v)
  local n = #v
  local parts = {}
  if n > 0 or (type(mt) == "table" and rawget(mt, "__is_array") == true) then
    for i = 1, n do parts[i] = encode(rawget(v, i), depth + 1) end
    return "[" .. concat(parts, ",") .. "]"
  end
  for k, x in next, v do
    parts[#parts + 1] = encode(tostring(k), depth + 1) .. ":" .. encode(x, depth + 1)
  end
  return "{" .. concat(parts, ",") .. "}"
end
local kind = type(value)
if kind == "function" or kind == "userdata" or kind == "thread" then return kind, "null" end
return kind, encode(value, 0)
`;

let factory: LuaFactory | undefined;

/** Argo's Go-to-Lua conversion leaves nils out of tables (and out of arrays, closing the gap). */
function toLuaInput(v: unknown, depth = 0): unknown {
  if (depth > 100) throw invalid("event data is nested too deeply for a Lua script");
  if (Array.isArray(v))
    return v.filter((x) => x !== null && x !== undefined).map((x) => toLuaInput(x, depth + 1));
  if (isJsonMap(v)) {
    const out: JsonMap = {};
    for (const [k, x] of Object.entries(v)) {
      if (x !== null && x !== undefined) {
        Object.defineProperty(out, k, { value: toLuaInput(x, depth + 1), enumerable: true });
      }
    }
    return out;
  }
  return v;
}

export interface LuaResult {
  /** Lua's `type()` of the last value returned (`nil` when nothing was returned). */
  type: string;
  /** That value as JSON data (tables as objects/arrays); null for nil and functions. */
  value: unknown;
}

/**
 * Runs `script` with `event` = `data`. Throws `Invalid` with Lua's message for syntax and runtime
 * errors, `script exceeded its time limit of N ms` and `script ran out of memory`.
 */
export async function runLua(
  script: string,
  data: unknown,
  options: { timeoutMs?: number } = {},
): Promise<LuaResult> {
  const timeoutMs = options.timeoutMs ?? luaLimits.timeoutMs;
  factory ??= new (await luaRuntime()).LuaFactory();
  const engine = await factory.createEngine({
    openStandardLibs: true,
    injectObjects: false,
    enableProxy: false,
    traceAllocations: true,
  });
  try {
    engine.global.set("event", toLuaInput(data));
    engine.global.set("__argosy_source", script);
    const thread = engine.global.newThread();
    thread.loadString(wrapper);
    engine.global.setMemoryMax(engine.global.getMemoryUsed() + luaLimits.memoryBytes);
    const result = await thread.run(0, { timeout: timeoutMs });
    const [type, json] = result as unknown as [string, string];
    return { type, value: JSON.parse(json) as unknown };
  } catch (e) {
    if (e instanceof Error && e.name === "RuntimeError") factory = undefined;
    const message = e instanceof Error ? e.message : String(e);
    if (/thread timeout exceeded/.test(message))
      throw invalid(`script exceeded its time limit of ${timeoutMs} ms`);
    if (/not enough memory/.test(message)) throw invalid("script ran out of memory");
    throw invalid(message.replace(/^\[string "script"\]|^script:/, "script:"), { cause: e });
  } finally {
    try {
      engine.global.close();
    } catch {
      factory = undefined;
    }
  }
}
