// Canal's static files under plain workerd (`cargo xtask serve`): `dist/`
// read through a disk service, with content types, `index.html` for a
// directory, ETags (304 when unchanged) and gzip for text. The disk
// service itself refuses `..` and dotfiles.

const TYPES = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  map: "application/json",
  wasm: "application/wasm",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  ico: "image/x-icon",
  txt: "text/plain; charset=utf-8",
  ftl: "text/plain; charset=utf-8",
  woff2: "font/woff2",
};

/// Types worth compressing (images and fonts already are).
const COMPRESSIBLE = /^(text\/|application\/(json|wasm)|image\/svg)/;

export default {
  async fetch(request, env) {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response("Method Not Allowed", { status: 405, headers: { allow: "GET, HEAD" } });
    }
    const url = new URL(request.url);
    const path = url.pathname.endsWith("/") ? url.pathname + "index.html" : url.pathname;
    const file = await env.files.fetch(new URL(path, "http://dist/"), { method: request.method });
    if (!file.ok) {
      return new Response("Not Found", { status: 404 });
    }
    const length = file.headers.get("content-length");
    if (length === null) {
      // A directory (the disk service lists it): its index, as wrangler does.
      file.body?.cancel();
      url.pathname += "/";
      return Response.redirect(url.toString(), 307);
    }
    const modified = Date.parse(file.headers.get("last-modified") ?? "") || 0;
    const etag = `W/"${Number(length).toString(36)}-${(modified / 1000).toString(36)}"`;
    const type = TYPES[path.slice(path.lastIndexOf(".") + 1).toLowerCase()] ?? "application/octet-stream";
    const headers = new Headers({
      "content-type": type,
      etag,
      "cache-control": "public, max-age=0, must-revalidate",
    });
    if (matches(request.headers.get("if-none-match"), etag)) {
      file.body?.cancel();
      return new Response(null, { status: 304, headers });
    }
    // The runtime compresses a body whose response names an encoding.
    const accepts = request.headers.get("accept-encoding") ?? "";
    if (COMPRESSIBLE.test(type) && Number(length) > 1024 && /\bgzip\b/.test(accepts)) {
      headers.set("content-encoding", "gzip");
      headers.set("vary", "accept-encoding");
    } else {
      headers.set("content-length", length);
    }
    return new Response(file.body, { status: 200, headers });
  },
};

/// Whether an `If-None-Match` header names `etag`.
function matches(header, etag) {
  if (!header) return false;
  const tag = etag.replace(/^W\//, "");
  return header.split(",").some((t) => t.trim() === "*" || t.trim().replace(/^W\//, "") === tag);
}
