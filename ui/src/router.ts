/**
 * Hash routing (`#/workflows/{ns}/{name}?node=…`): the server needs no knowledge of client pages
 * and a reload lands on the same page. A route is the decoded path segments plus the query.
 */
import { useSyncExternalStore } from "react";

export interface Route {
  /** Decoded path segments: `#/workflows/a/b` → `["workflows", "a", "b"]`. */
  segments: string[];
  query: URLSearchParams;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

const currentHash = () => window.location.hash;

/** Parses `#/a/b?x=1`. */
export function parseHash(hash: string): Route {
  const text = hash.replace(/^#/, "");
  const q = text.indexOf("?");
  const path = q >= 0 ? text.slice(0, q) : text;
  const segments = path
    .split("/")
    .filter((s) => s !== "")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { segments, query: new URLSearchParams(q >= 0 ? text.slice(q + 1) : "") };
}

/** The current route; re-renders the caller when the hash changes. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return parseHash(hash);
}

/** `#/a/b` from segments (each encoded) and an optional query. */
export function href(segments: readonly string[], params?: Record<string, string | undefined>): string {
  const path = `#/${segments.map(encodeURIComponent).join("/")}`;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v) q.set(k, v);
  const text = q.toString();
  return text ? `${path}?${text}` : path;
}

/** Goes to a location; `replace` keeps the browser history from growing (query changes). */
export function navigate(to: string, replace = false): void {
  if (replace) {
    history.replaceState(null, "", to);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else window.location.hash = to.replace(/^#/, "");
}
