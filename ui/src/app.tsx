/**
 * The application shell: skip link, left navigation, the namespace picker, the error banner and
 * the page for the current hash route. After a navigation, focus moves to the page's content so
 * keyboard and screen-reader users start at the new page, not the old link.
 */
import { type ReactNode, useEffect, useRef } from "react";
import { ErrorBanner } from "./components/error-banner.js";
import { NamespacePicker } from "./components/namespace-picker.js";
import { Nav } from "./components/nav.js";
import { Empty, PageHeader } from "./components/page-header.js";
import { clearErrors } from "./errors.js";
import { AboutPage } from "./pages/about-page.js";
import { ArchivedListPage } from "./pages/archived/archived-list.js";
import { ArchivedPage } from "./pages/archived/archived-page.js";
import { CronListPage } from "./pages/cron/cron-list.js";
import { CronPage } from "./pages/cron/cron-page.js";
import { EventListPage } from "./pages/events/event-list.js";
import { EventObjectPage } from "./pages/events/event-page.js";
import { SubmitPage } from "./pages/submit/submit-page.js";
import { TemplateListPage } from "./pages/templates/template-list.js";
import { TemplatePage } from "./pages/templates/template-page.js";
import { WorkflowPage } from "./pages/workflow/workflow-page.js";
import { WorkflowListPage } from "./pages/workflows/list-page.js";
import { type Route, useRoute } from "./router.js";

function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <Empty>
        There is nothing at this address. <a href="#/workflows">Go to the workflows</a>.
      </Empty>
    </>
  );
}

/** The page for a route, keyed so that a different object mounts a fresh page. */
function pageFor(route: Route): { area: string; page: ReactNode } {
  const [area = "workflows", a, b] = route.segments;
  switch (area) {
    case "workflows":
      if (a && b)
        return { area, page: <WorkflowPage key={`${a}/${b}`} route={route} namespace={a} name={b} /> };
      return { area, page: <WorkflowListPage route={route} /> };
    case "submit":
      return { area, page: <SubmitPage route={route} /> };
    case "workflow-templates":
      if (a && b)
        return {
          area,
          page: <TemplatePage key={`${a}/${b}`} kind="WorkflowTemplate" namespace={a} name={b} />,
        };
      return { area, page: <TemplateListPage key={area} kind="WorkflowTemplate" /> };
    case "cluster-workflow-templates":
      if (a)
        return { area, page: <TemplatePage key={a} kind="ClusterWorkflowTemplate" namespace="" name={a} /> };
      return { area, page: <TemplateListPage key={area} kind="ClusterWorkflowTemplate" /> };
    case "cron-workflows":
      if (a && b) return { area, page: <CronPage key={`${a}/${b}`} namespace={a} name={b} /> };
      return { area, page: <CronListPage /> };
    case "archived-workflows":
      if (a) return { area, page: <ArchivedPage key={a} route={route} uid={a} /> };
      return { area, page: <ArchivedListPage /> };
    case "event-sources":
    case "sensors":
      if (a && b)
        return { area, page: <EventObjectPage key={`${a}/${b}`} kind={area} namespace={a} name={b} /> };
      return { area, page: <EventListPage key={area} kind={area} /> };
    case "about":
      return { area, page: <AboutPage /> };
    default:
      return { area: "", page: <NotFound /> };
  }
}

export function App() {
  const route = useRoute();
  const { area, page } = pageFor(route);
  const main = useRef<HTMLElement>(null);
  const path = route.segments.join("/");
  const first = useRef(true);
  useEffect(() => {
    document.title = `${path.split("/").at(-1) || "Workflows"} · Argosy`;
    clearErrors();
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [path]);
  return (
    <div className="shell">
      <button type="button" className="skip-link" onClick={() => main.current?.focus()}>
        Skip to content
      </button>
      <Nav current={area} />
      <div className="content">
        <header className="topbar">
          <NamespacePicker />
        </header>
        <ErrorBanner />
        <main id="main" ref={main} tabIndex={-1}>
          {page}
        </main>
      </div>
    </div>
  );
}
