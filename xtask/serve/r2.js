// An R2 bucket binding under plain workerd (`cargo xtask serve`): the part
// of R2's API that Canal uses (`put` with HTTP metadata, `get`), over a
// writable disk directory. An object is two files: its bytes under its key
// and its metadata beside them as `<key>.meta` (JSON). workerd's disk
// service writes a PUT to a temporary file and moves it into place only
// once the whole body arrived, so a cut upload leaves nothing behind.

// The `constructor.name` the worker's R2 binding checks.
class R2Bucket {
  constructor(disk) {
    this.disk = disk;
  }

  url(key) {
    return "http://files/" + key.split("/").map(encodeURIComponent).join("/");
  }

  async put(key, value, options) {
    const httpMetadata = (options && options.httpMetadata) || {};
    const url = this.url(key);
    const res = await this.disk.fetch(url, { method: "PUT", body: value });
    if (!res.ok) throw new Error(`the file store refused ${key}: ${res.status}`);
    const meta = { httpMetadata, uploaded: Date.now() };
    const put = await this.disk.fetch(url + ".meta", {
      method: "PUT",
      body: JSON.stringify(meta),
    });
    if (!put.ok) throw new Error(`the file store refused ${key}.meta: ${put.status}`);
    const head = await this.disk.fetch(url, { method: "HEAD" });
    return object(key, meta, head);
  }

  async get(key) {
    const url = this.url(key);
    const meta = await this.disk.fetch(url + ".meta");
    if (meta.status == 404) return null;
    if (!meta.ok) throw new Error(`the file store failed on ${key}.meta: ${meta.status}`);
    const res = await this.disk.fetch(url);
    if (res.status == 404) return null;
    if (!res.ok) throw new Error(`the file store failed on ${key}: ${res.status}`);
    const o = object(key, await meta.json(), res);
    o.body = res.body;
    Object.defineProperty(o, "bodyUsed", { get: () => res.bodyUsed });
    return o;
  }
}

// What R2 says of an object, from its metadata and the disk's answer.
function object(key, meta, res) {
  const size = Number(res.headers.get("content-length") || 0);
  const uploaded = new Date(meta.uploaded);
  return {
    key,
    version: String(meta.uploaded),
    size,
    etag: String(meta.uploaded),
    httpEtag: `"${meta.uploaded}"`,
    uploaded,
    httpMetadata: meta.httpMetadata,
    customMetadata: {},
    checksums: {},
    writeHttpMetadata(headers) {
      for (const [k, v] of Object.entries(meta.httpMetadata)) {
        const name = k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
        if (typeof v == "string") headers.set(name, v);
      }
    },
  };
}

export default function makeBinding(env) {
  return new R2Bucket(env.disk);
}
