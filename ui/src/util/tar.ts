/**
 * Reading the files of a small `.tgz` artifact (Argo's default archive) in the browser, so the node
 * panel can preview text outputs: gunzip with DecompressionStream, then walk the 512-byte ustar
 * headers. Only regular files are returned; anything past `maxBytes` is not read.
 */

export interface TarFile {
  name: string;
  data: Uint8Array;
}

const isGzip = (b: Uint8Array) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const text = (b: Uint8Array) => new TextDecoder().decode(b).replace(/\0.*$/s, "");

/** The regular files of a tar (optionally gzipped) archive; undefined when it is not one. */
export async function readTar(input: Uint8Array, maxFiles = 20): Promise<TarFile[] | undefined> {
  let bytes = input;
  if (isGzip(bytes)) {
    try {
      bytes = await gunzip(bytes);
    } catch {
      return undefined;
    }
  }
  // A ustar header says "ustar" at offset 257.
  if (bytes.length < 512 || text(bytes.subarray(257, 262)) !== "ustar") return undefined;
  const files: TarFile[] = [];
  for (let at = 0; at + 512 <= bytes.length && files.length < maxFiles; ) {
    const header = bytes.subarray(at, at + 512);
    const name = text(header.subarray(0, 100));
    if (name === "") break;
    const prefix = text(header.subarray(345, 500));
    const size = Number.parseInt(text(header.subarray(124, 136)).trim() || "0", 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const start = at + 512;
    if (type === "0" || type === "\0") {
      files.push({ name: prefix ? `${prefix}/${name}` : name, data: bytes.subarray(start, start + size) });
    }
    at = start + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** The bytes as text when they look like UTF-8 text, else undefined. */
export function asText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
