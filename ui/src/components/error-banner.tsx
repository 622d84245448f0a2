/** API errors at the top of the page, each dismissible; announced to screen readers as alerts. */
import { dismissError, useErrors } from "../errors.js";

export function ErrorBanner() {
  const errors = useErrors();
  if (errors.length === 0) return null;
  return (
    <div className="error-banner" role="alert">
      {errors.map((e) => (
        <div key={e.id} className="error-item">
          <span>
            <strong>{e.context}:</strong> {e.message}
            {e.code !== undefined ? <span className="muted"> (code {e.code})</span> : null}
          </span>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss error"
            onClick={() => dismissError(e.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
