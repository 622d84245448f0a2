/**
 * Kubernetes' `LabelSelector` (`matchLabels` and `matchExpressions` with In, NotIn, Exists,
 * DoesNotExist), as `podGC.labelSelector` uses it. An empty selector matches everything.
 */

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type LabelMatcher = (labels: Record<string, string>) => boolean;

/** A matcher for the selector, or the reason it is not a valid selector. */
export function compileSelector(selector: unknown): { matches: LabelMatcher } | { error: string } {
  if (selector === undefined || selector === null) return { matches: () => true };
  if (typeof selector !== "object" || Array.isArray(selector))
    return { error: "labelSelector must be an object" };
  const { matchLabels = {}, matchExpressions = [] } = selector as LabelSelector;
  if (typeof matchLabels !== "object" || matchLabels === null) return { error: "matchLabels must be a map" };
  if (!Array.isArray(matchExpressions)) return { error: "matchExpressions must be a list" };
  const tests: LabelMatcher[] = Object.entries(matchLabels).map(
    ([k, v]) =>
      (labels) =>
        labels[k] === String(v),
  );
  for (const req of matchExpressions) {
    const test = requirement(req);
    if (typeof test === "string") return { error: test };
    tests.push(test);
  }
  return { matches: (labels) => tests.every((t) => t(labels)) };
}

function requirement(req: LabelSelectorRequirement): LabelMatcher | string {
  const key = req?.key;
  if (typeof key !== "string" || key === "") return "a matchExpressions entry has no key";
  const values = (req.values ?? []).map(String);
  switch (req.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) return `matchExpressions ${key} ${req.operator} needs values`;
      return req.operator === "In"
        ? (labels) => Object.hasOwn(labels, key) && values.includes(labels[key] ?? "")
        : (labels) => !Object.hasOwn(labels, key) || !values.includes(labels[key] ?? "");
    case "Exists":
      return (labels) => Object.hasOwn(labels, key);
    case "DoesNotExist":
      return (labels) => !Object.hasOwn(labels, key);
    default:
      return `matchExpressions ${key}: unknown operator ${JSON.stringify(req.operator)}`;
  }
}
