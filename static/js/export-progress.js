// Export page: while an export is being built, ask for its progress every
// two seconds and reload the page when it is done (or failed). Without
// JavaScript the page shows the state at load and a link to reload.

for (const bar of document.querySelectorAll("progress[data-status-url]")) {
  const poll = async () => {
    try {
      const response = await fetch(bar.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const { status, progress } = await response.json();
      bar.value = progress;
      bar.textContent = `${progress}%`;
      if (status === "done" || status === "failed") {
        window.location.reload();
        return;
      }
    } catch {
      // A dropped request is tried again on the next tick.
    }
    setTimeout(poll, 2000);
  };
  setTimeout(poll, 2000);
}
