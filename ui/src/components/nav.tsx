/** The left navigation: one link per area, the current one marked for assistive technology. */
const icon = {
  workflows: "M3 4h4v4H3zM13 4h4v4h-4zM8 14h4v4H8zM5 8v3h10V8M10 11v3",
  templates: "M4 3h9l3 3v11H4zM13 3v3h3M7 9h6M7 12h6M7 15h4",
  cluster: "M10 2l7 4v8l-7 4-7-4V6zM10 10l7-4M10 10v8M10 10L3 6",
  cron: "M10 3a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM10 6v4l3 2",
  archive: "M3 4h14v4H3zM4 8v9h12V8M8 11h4",
  about: "M10 3a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM10 9v5M10 6.5v.5",
  submit: "M10 4v12M4 10h12",
  eventSources: "M11 2L4 11h5l-1 7 7-9h-5z",
  sensors:
    "M10 10m-1.5 0a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0M6.5 6.5a5 5 0 0 0 0 7M13.5 6.5a5 5 0 0 1 0 7M4 4a8.5 8.5 0 0 0 0 12M16 4a8.5 8.5 0 0 1 0 12",
};

const items: { key: string; label: string; icon: string }[] = [
  { key: "workflows", label: "Workflows", icon: icon.workflows },
  { key: "workflow-templates", label: "Workflow Templates", icon: icon.templates },
  { key: "cluster-workflow-templates", label: "Cluster Workflow Templates", icon: icon.cluster },
  { key: "cron-workflows", label: "Cron Workflows", icon: icon.cron },
  { key: "archived-workflows", label: "Archived Workflows", icon: icon.archive },
  { key: "event-sources", label: "Event Sources", icon: icon.eventSources },
  { key: "sensors", label: "Sensors", icon: icon.sensors },
  { key: "submit", label: "Submit", icon: icon.submit },
  { key: "about", label: "About", icon: icon.about },
];

function NavIcon({ d }: { d: string }) {
  return (
    <svg width="18" height="18" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}

export function Nav({ current }: { current: string }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <a className="brand" href="#/workflows">
        <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
          <path d="M4 20h24l-4 7H8z" fill="var(--accent)" />
          <path d="M16 4v14M16 5l8 11h-8M15 8l-6 8h6" fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
        <span>Argosy</span>
      </a>
      <ul>
        {items.map((it) => (
          <li key={it.key}>
            <a
              href={`#/${it.key}`}
              className={current === it.key ? "nav-link current" : "nav-link"}
              aria-current={current === it.key ? "page" : undefined}
            >
              <NavIcon d={it.icon} />
              <span>{it.label}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
