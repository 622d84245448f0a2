/**
 * A preview of a small text artifact: the file itself, or the files inside a `.tgz` (Argo's
 * default archive), fetched on request. Larger or binary artifacts are download-only.
 */
import { useState } from "react";
import { ScrollArea } from "../../components/scroll-area.js";
import { messageOf } from "../../errors.js";
import { asText, readTar } from "../../util/tar.js";

const maxPreviewBytes = 256 * 1024;

async function previewOf(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error((await res.text()).trim() || `${res.status} ${res.statusText}`);
  const size = Number(res.headers.get("content-length") ?? "0");
  if (size > maxPreviewBytes) return `(${size} bytes: too large to preview, download it instead)`;
  const bytes = new Uint8Array(await res.arrayBuffer());
  const files = await readTar(bytes);
  if (files) {
    if (files.length === 0) return "(an empty archive)";
    return files
      .map((f) => {
        const text = asText(f.data);
        const body = text ?? `(binary, ${f.data.length} bytes)`;
        return files.length === 1 ? body : `── ${f.name} ──\n${body}`;
      })
      .join("\n");
  }
  return asText(bytes) ?? `(binary, ${bytes.length} bytes)`;
}

export function ArtifactPreview({ url, name }: { url: string; name: string }) {
  const [text, setText] = useState<string>();
  const [busy, setBusy] = useState(false);
  const load = async () => {
    setBusy(true);
    try {
      setText(await previewOf(url));
    } catch (e) {
      setText(`(cannot preview: ${messageOf(e)})`);
    } finally {
      setBusy(false);
    }
  };
  if (text === undefined) {
    return (
      <button type="button" className="small" onClick={load} disabled={busy} aria-label={`Preview ${name}`}>
        {busy ? "Loading…" : "Preview"}
      </button>
    );
  }
  return (
    <ScrollArea label={`Contents of ${name}`} className="code preview">
      <pre>{text}</pre>
    </ScrollArea>
  );
}
