/** A named, keyboard-focusable scroll region (code, YAML, previews): arrow keys scroll it. */
import type { ReactNode } from "react";

export function ScrollArea({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable content must be reachable by keyboard (WCAG 2.1.1)
    <section className={`scroll-area ${className ?? ""}`} aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
