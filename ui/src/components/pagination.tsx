/** Argo-style paging with continue tokens: back to the first page, on to the next, page size. */
import { useId } from "react";

export function Pagination({
  hasPrevious,
  nextToken,
  limit,
  onPage,
  onLimit,
}: {
  hasPrevious: boolean;
  nextToken: string | undefined;
  limit: number;
  onPage: (token: string | undefined) => void;
  onLimit: (n: number) => void;
}) {
  const id = useId();
  return (
    <nav className="pagination" aria-label="Pages">
      <button type="button" className="small" disabled={!hasPrevious} onClick={() => onPage(undefined)}>
        « First page
      </button>
      <button type="button" className="small" disabled={!nextToken} onClick={() => onPage(nextToken)}>
        Next page »
      </button>
      <label htmlFor={id} className="muted">
        Per page
      </label>
      <select id={id} value={limit} onChange={(e) => onLimit(Number(e.target.value))}>
        {[20, 50, 100, 500].map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </nav>
  );
}
