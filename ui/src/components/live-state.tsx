/** Whether a page's watch stream is connected: "Live", or why not (announced politely). */
export function LiveState({ live, message }: { live: boolean; message?: string | undefined }) {
  return (
    <span className={live ? "live on" : "live"} role="status" title={message}>
      {live ? "Live" : "Not live"}
    </span>
  );
}
