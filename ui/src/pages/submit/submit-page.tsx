/** `#/submit`: a new workflow from YAML, or from a template (`?kind=…&name=…` preselects one). */

import type { TemplateKind } from "../../api/resources.js";
import { PageHeader } from "../../components/page-header.js";
import { TabPanel, Tabs } from "../../components/tabs.js";
import { navigate, type Route } from "../../router.js";
import { FromTemplate } from "./from-template.js";
import { YamlSubmit } from "./yaml-submit.js";

type SubmitTab = "yaml" | "template";

export function SubmitPage({ route }: { route: Route }) {
  const kind = route.query.get("kind") as TemplateKind | null;
  const name = route.query.get("name") ?? undefined;
  const tab: SubmitTab = route.query.get("from") === "template" || kind ? "template" : "yaml";
  return (
    <>
      <PageHeader title="Submit a workflow" crumbs={[{ label: "Workflows", href: "#/workflows" }]} />
      <Tabs
        tabs={[
          { key: "yaml", label: "YAML" },
          { key: "template", label: "From template" },
        ]}
        selected={tab}
        onSelect={(t) => navigate(t === "template" ? "#/submit?from=template" : "#/submit", true)}
        label="How to submit"
        idPrefix="submit"
      />
      <TabPanel idPrefix="submit" selected={tab}>
        {tab === "yaml" ? (
          <YamlSubmit />
        ) : (
          <FromTemplate {...(kind ? { initialKind: kind } : {})} {...(name ? { initialName: name } : {})} />
        )}
      </TabPanel>
    </>
  );
}
