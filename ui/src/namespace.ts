/**
 * The namespace the pages show, remembered in localStorage across visits. "" means all
 * namespaces (the API's list paths without a namespace).
 */
import { useSyncExternalStore } from "react";

const key = "argosy.namespace";
const listeners = new Set<() => void>();

function read(): string {
  try {
    const v = localStorage.getItem(key);
    return v === null ? "default" : v;
  } catch {
    return "default";
  }
}

let current = read();

/** Sets the namespace ("" for all) and tells every subscriber. */
export function setNamespace(ns: string): void {
  current = ns.trim();
  try {
    localStorage.setItem(key, current);
  } catch {
    // private mode: remember for this visit only
  }
  for (const l of listeners) l();
}

export function useNamespace(): string {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

/** The namespace to create things in when "all namespaces" is selected. */
export const namespaceOrDefault = (ns: string) => ns || "default";
