/** The lint result under the editor: each problem with its field and a link to its line. */
import type { LintProblem } from "./lint.js";

export function LintProblems({
  problems,
  checking,
  checked,
  onJump,
}: {
  problems: LintProblem[];
  checking: boolean;
  checked: boolean;
  onJump: (line: number) => void;
}) {
  return (
    <section className="lint" aria-label="Lint results" aria-live="polite">
      {checking ? <p className="muted">Checking…</p> : null}
      {!checking && checked && problems.length === 0 ? (
        <p className="lint-ok">✓ The manifest is valid.</p>
      ) : null}
      {problems.length > 0 ? (
        <ul className="lint-problems">
          {problems.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity beyond position
            <li key={i} className="lint-problem">
              <span className="lint-mark" aria-hidden="true">
                ✖
              </span>
              <div>
                <div className="lint-message">{p.message}</div>
                {p.path || p.line !== undefined ? (
                  <div className="lint-meta">
                    {p.path ? <code className="lint-path">{p.path}</code> : null}
                    {p.line !== undefined ? (
                      <button type="button" className="link-button" onClick={() => onJump(p.line as number)}>
                        line {p.line}
                      </button>
                    ) : null}
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
