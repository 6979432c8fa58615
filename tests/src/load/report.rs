//! What a load run found, and its Markdown for BENCHMARKS.md.

use std::time::Duration;

use super::Plan;

/// What came of a [`Plan`].
#[derive(Debug, Default)]
pub struct Report {
    /// The clients talked to the runtime's own socket, not through
    /// wrangler's development proxy.
    pub direct: bool,
    /// Conversations whose visitor session opened.
    pub started: usize,
    /// Conversations an operator accepted.
    pub assigned: usize,
    /// Messages written (both sides).
    pub written: u64,
    /// Messages the server acknowledged.
    pub acknowledged: u64,
    /// Messages the other side received live.
    pub delivered: u64,
    /// Acknowledged messages missing from the conversation's history.
    pub lost: u64,
    /// Messages stored or received more than once.
    pub duplicated: u64,
    /// Messages of one side stored out of the order they were written.
    pub out_of_order: u64,
    /// Messages still unacknowledged when the run ended.
    pub unacknowledged: u64,
    /// Conversations whose history could not be read back to check it.
    pub unverified: usize,
    /// Frames sent (messages, typing, hellos).
    pub frames: u64,
    /// Sockets that dropped and were opened again.
    pub reconnects: u64,
    /// Unexpected answers, socket drops outside an outage, timeouts.
    pub errors: u64,
    /// Each kind of error: how many, and the first one's details.
    pub error_samples: Vec<String>,
    /// Message latency, writer to the other side, outside the outage.
    pub latencies: Vec<Duration>,
    /// Latency of messages written during the outage (until they arrived).
    pub outage_latencies: Vec<Duration>,
    /// From the kill to the worker answering again.
    pub outage: Option<Duration>,
    /// Writing time (ramp and duration).
    pub elapsed: Duration,
}

impl Report {
    /// Zero errors, zero lost, zero duplicated, zero out of order, every
    /// message acknowledged and every conversation assigned.
    pub fn clean(&self, plan: &Plan) -> bool {
        self.errors == 0
            && self.lost == 0
            && self.duplicated == 0
            && self.out_of_order == 0
            && self.unacknowledged == 0
            && self.unverified == 0
            && self.started == plan.conversations
            && self.assigned == plan.conversations
    }

    /// The report as Markdown, for BENCHMARKS.md.
    pub fn markdown(&self, plan: &Plan, title: &str) -> String {
        let secs = self.elapsed.as_secs_f64().max(0.001);
        let mut s = format!(
            "#### {title}\n\n{} conversations, {} operators, a visitor message every {} s and \
             its answer, {} s of writing after a {} s ramp{}; clients talk to {}.\n\n",
            plan.conversations,
            plan.operators,
            plan.every.as_secs_f64(),
            plan.duration.as_secs(),
            plan.ramp.as_secs(),
            match plan.kill_at {
                Some(at) => format!("; kill -9 of workerd at {} s", at.as_secs()),
                None => String::new(),
            },
            if self.direct {
                "workerd's own socket"
            } else {
                "wrangler's development proxy"
            }
        );
        s.push_str("| measure | value |\n|---|---:|\n");
        let mut line = |k: &str, v: String| s.push_str(&format!("| {k} | {v} |\n"));
        line(
            "conversations started / assigned",
            format!("{} / {}", self.started, self.assigned),
        );
        line("messages written", self.written.to_string());
        line(
            "messages per second (written)",
            format!("{:.0}", self.written as f64 / secs),
        );
        line(
            "frames per second (sent)",
            format!("{:.0}", self.frames as f64 / secs),
        );
        line("acknowledged", self.acknowledged.to_string());
        line(
            "delivered live to the other side",
            self.delivered.to_string(),
        );
        let (p50, p95, p99, max) = percentiles(&self.latencies);
        line(
            "latency p50 / p95 / p99 / max",
            format!("{p50:.1} / {p95:.1} / {p99:.1} / {max:.1} ms"),
        );
        if let Some(outage) = self.outage {
            line(
                "outage (kill to answering)",
                format!("{:.1} s", outage.as_secs_f64()),
            );
            let (p50, _, p99, max) = percentiles(&self.outage_latencies);
            line(
                "messages written during the outage, latency p50 / p99 / max",
                format!(
                    "{} messages: {p50:.0} / {p99:.0} / {max:.0} ms",
                    self.outage_latencies.len()
                ),
            );
            line("sockets reopened", self.reconnects.to_string());
        }
        line("errors", self.errors.to_string());
        line("lost", self.lost.to_string());
        line("duplicated", self.duplicated.to_string());
        line("out of order", self.out_of_order.to_string());
        line("never acknowledged", self.unacknowledged.to_string());
        line(
            "conversations not read back to check",
            self.unverified.to_string(),
        );
        for e in &self.error_samples {
            s.push_str(&format!("\n- error: {e}"));
        }
        s.push('\n');
        s
    }
}

/// p50, p95, p99 and max, in milliseconds.
pub fn percentiles(d: &[Duration]) -> (f64, f64, f64, f64) {
    if d.is_empty() {
        return (0.0, 0.0, 0.0, 0.0);
    }
    let mut ms: Vec<f64> = d.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let at = |p: f64| ms[((ms.len() as f64 * p) as usize).min(ms.len() - 1)];
    (at(0.50), at(0.95), at(0.99), ms[ms.len() - 1])
}
