// Canal's front door under plain workerd (`cargo xtask serve`): what
// wrangler's `[assets]` with `run_worker_first` does on Cloudflare. Paths
// the worker must see first go to Canal; other GETs are tried as static
// files first, and what is not a file goes to Canal too.

export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    const reading = request.method === "GET" || request.method === "HEAD";
    if (reading && !workerFirst(path, env.routes.workerFirst)) {
      const file = await env.ASSETS.fetch(request);
      if (file.status !== 404) return file;
    }
    // The same request object: its `cf` (the runtime's client address)
    // goes along.
    return env.CANAL.fetch(request);
  },
};

/// Whether `path` matches one of wrangler's `run_worker_first` patterns
/// (`/api/*` for a prefix, else the exact path).
function workerFirst(path, patterns) {
  return patterns.some((p) =>
    p.endsWith("*") ? path.startsWith(p.slice(0, -1)) : path === p,
  );
}
