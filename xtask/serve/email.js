// `cloudflare:email` under plain workerd (`cargo xtask serve`): the
// runtime's own module imports this internal one, which only Cloudflare's
// builds have. A message is its sender, recipient and raw MIME text.

class EmailMessage {
  constructor(from, to, raw) {
    this.from = from;
    this.to = to;
    this.raw = raw;
  }
}

export default { EmailMessage };
