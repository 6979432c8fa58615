// The `send_email` binding under plain workerd (`cargo xtask serve`):
// each message is written to the spool directory as one `.eml` file, for
// the host's mail server to send (e.g. `sendmail -t < file`, then delete).

export default function makeBinding(env) {
  return {
    async send(message) {
      const name = `${Date.now()}-${crypto.randomUUID()}.eml`;
      const res = await env.spool.fetch(`http://spool/${name}`, {
        method: "PUT",
        body: message.raw,
      });
      if (!res.ok) {
        throw new Error(`the spool refused ${name}: ${res.status}`);
      }
    },
  };
}
