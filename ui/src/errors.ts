/**
 * API errors shown in the banner at the top of every page. A tiny store instead of a React context
 * so that event handlers and hooks anywhere can report without plumbing.
 */
import { useSyncExternalStore } from "react";
import { ApiError, isAbort } from "./api/client.js";

export interface ShownError {
  id: number;
  /** What the user was doing, e.g. "Deleting hello-x". */
  context: string;
  message: string;
  code?: number;
}

let errors: ShownError[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => {
  for (const l of listeners) l();
};

/** Adds an error to the banner (aborted requests are ignored). */
export function reportError(context: string, e: unknown): void {
  if (isAbort(e)) return;
  const message = e instanceof Error ? e.message : String(e);
  const shown: ShownError = { id: nextId++, context, message };
  if (e instanceof ApiError) shown.code = e.code;
  // The same failure repeated (a polling page) shows once.
  errors = [...errors.filter((x) => x.context !== context || x.message !== message), shown].slice(-5);
  emit();
}

export function dismissError(id: number): void {
  errors = errors.filter((e) => e.id !== id);
  emit();
}

export function clearErrors(): void {
  if (errors.length === 0) return;
  errors = [];
  emit();
}

export function useErrors(): ShownError[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => errors,
  );
}

/** The text of any thrown value. */
export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
