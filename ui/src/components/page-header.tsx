/** The top of a page: breadcrumbs, title (the page's h1) and its action buttons. */
import type { ReactNode } from "react";

export interface Crumb {
  label: string;
  href?: string;
}

export function PageHeader({
  title,
  crumbs,
  actions,
  status,
  aside,
}: {
  title: ReactNode;
  crumbs?: Crumb[];
  actions?: ReactNode;
  status?: ReactNode;
  /** Shown beside the title, outside the heading (connection state, tags). */
  aside?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div className="page-title">
        {crumbs?.length ? (
          <nav aria-label="Breadcrumb" className="crumbs">
            <ol>
              {crumbs.map((c) => (
                <li key={c.label}>{c.href ? <a href={c.href}>{c.label}</a> : c.label}</li>
              ))}
            </ol>
          </nav>
        ) : null}
        <div className="title-row">
          <h1>
            {status}
            {title}
          </h1>
          {aside}
        </div>
      </div>
      {actions ? (
        <div className="toolbar" role="toolbar" aria-label="Actions">
          {actions}
        </div>
      ) : null}
    </header>
  );
}

/** Shown where a list has nothing, or while loading. */
export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}
