/**
 * The colours the canvas paints with, read from the theme's CSS variables on the canvas element
 * (so light, dark and any page-level override apply), with fallbacks when a variable is unset.
 */
import type { NodePhase } from "../types.js";
import { PHASE_VAR } from "./phase.js";

export interface Palette {
  bg: string;
  fg: string;
  muted: string;
  border: string;
  panel: string;
  accent: string;
  phase: Record<NodePhase, string>;
  font: string;
}

const fallback: Omit<Palette, "phase" | "font"> & { phase: Record<NodePhase, string> } = {
  bg: "#ffffff",
  fg: "#1d2430",
  muted: "#5b6675",
  border: "#d8dee6",
  panel: "#f5f7fa",
  accent: "#1d6fd8",
  phase: {
    Succeeded: "#18a058",
    Failed: "#d03050",
    Error: "#c0392b",
    Running: "#1d6fd8",
    Pending: "#8a94a3",
    Skipped: "#a0a8b3",
    Omitted: "#b9c0c9",
  },
};

export function readPalette(el: Element): Palette {
  const style = getComputedStyle(el);
  const read = (name: string, otherwise: string) => style.getPropertyValue(name).trim() || otherwise;
  const phase = {} as Record<NodePhase, string>;
  for (const p of Object.keys(PHASE_VAR) as NodePhase[]) phase[p] = read(PHASE_VAR[p], fallback.phase[p]);
  return {
    bg: read("--bg", fallback.bg),
    fg: read("--fg", fallback.fg),
    muted: read("--muted", fallback.muted),
    border: read("--border", fallback.border),
    panel: read("--panel", fallback.panel),
    accent: read("--accent", fallback.accent),
    phase,
    font: style.fontFamily || "system-ui, sans-serif",
  };
}

/**
 * Calls `onChange` when the colours may have changed: the system switched between light and dark,
 * or the page changed the root element's class, style or data-theme (a theme toggle). Returns the
 * function that stops watching.
 */
export function watchTheme(onChange: () => void): () => void {
  const scheme = matchMedia("(prefers-color-scheme: dark)");
  scheme.addEventListener("change", onChange);
  const root = new MutationObserver(onChange);
  root.observe(document.documentElement, {
    attributes: true,
    attributeFilter: ["class", "style", "data-theme"],
  });
  return () => {
    scheme.removeEventListener("change", onChange);
    root.disconnect();
  };
}
