/** The status icon of a phase, in the phase's colour (a spinning ring while running). */
import type { ReactNode } from "react";
import { phaseColor } from "../util/phase.js";

const paths: Record<string, string> = {
  Succeeded: "M5 8.2 7 10.2 11 6",
  Failed: "M5.5 5.5l5 5M10.5 5.5l-5 5",
  Error: "M8 4.5v4.2M8 11v.3",
  Skipped: "M5 5l3 3-3 3M8.5 5l3 3-3 3",
  Omitted: "M5 8h6",
  Pending: "M8 4.8V8l2.2 1.6",
};

function shapes(p: string, color: string): ReactNode {
  if (p === "Running") {
    return (
      <>
        <circle cx="8" cy="8" r="6" fill="none" stroke={color} strokeOpacity="0.25" strokeWidth="2" />
        <path d="M8 2a6 6 0 0 1 6 6" fill="none" stroke={color} strokeWidth="2" strokeLinecap="round" />
      </>
    );
  }
  return (
    <>
      <circle cx="8" cy="8" r="7" fill={color} />
      <path
        d={paths[p] ?? paths.Pending}
        fill="none"
        stroke="#fff"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </>
  );
}

/**
 * A 16px icon; `label` is what screen readers hear (defaults to the phase). An empty label makes
 * it decorative, for places that write the phase next to it.
 */
export function PhaseIcon({ phase, label }: { phase: string | undefined; label?: string }) {
  const p = phase || "Pending";
  const name = label ?? p;
  const className = p === "Running" ? "phase-icon spin" : "phase-icon";
  if (!name) {
    return (
      <svg
        className={className}
        width="16"
        height="16"
        viewBox="0 0 16 16"
        aria-hidden="true"
        focusable="false"
      >
        {shapes(p, phaseColor(p))}
      </svg>
    );
  }
  return (
    <svg className={className} width="16" height="16" viewBox="0 0 16 16" role="img" aria-label={name}>
      <title>{name}</title>
      {shapes(p, phaseColor(p))}
    </svg>
  );
}

/** Icon and phase name together, as the list and headers show it. */
export function PhaseBadge({ phase }: { phase: string | undefined }) {
  return (
    <span className="phase-badge">
      <PhaseIcon phase={phase} label="" />
      <span>{phase || "Pending"}</span>
    </span>
  );
}
