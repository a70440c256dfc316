/**
 * Counters of the oauth proxy, derived from its log events (`config.log`): no hook in the protocol core.
 * Readable as Prometheus text (exposition format 0.0.4) or JSON. Counts only: no token, host or URL.
 */
import type { ProxyLogEvent } from './types.ts';

/** Upper bounds of the latency histogram, in seconds. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

const KINDS = ['code', 'refresh', 'api', 'action', 'preflight', 'other', 'internal'] as const;
type Kind = (typeof KINDS)[number];

/** Counters as JSON (`/metrics?format=json`). */
export interface MetricsSnapshot {
  /** Answered requests by protocol step: ok (answered as asked) or refused (an error answer, incl. provider refusals). */
  answers: Record<Kind, { ok: number; refused: number }>;
  /** Code exchanges, refreshes, API pass-throughs and actions answered, whatever the outcome. */
  exchanges: number;
  refreshes: number;
  apiPassThroughs: number;
  actions: number;
  /** Provider calls that failed: no answer (unreachable, too large, cancelled), timeout, or HTTP 5xx. */
  upstreamErrors: { noAnswer: number; timeout: number; status5xx: number };
  /** Latency of answered requests: cumulative counts per upper bound (seconds), sum and count. */
  latency: { buckets: Record<string, number>; sum: number; count: number };
  /** Requests being answered now, and whether the server takes traffic. */
  inFlight: number;
  ready: boolean;
}

export class ProxyMetrics {
  private readonly answers = new Map<Kind, { ok: number; refused: number }>(KINDS.map((kind) => [kind, { ok: 0, refused: 0 }]));
  private readonly upstream = { noAnswer: 0, timeout: 0, status5xx: 0 };
  private readonly bucketCounts: number[] = LATENCY_BUCKETS.map(() => 0);
  private latencySum = 0;
  private latencyCount = 0;

  /** @param timeoutMs the config's upstream timeout, to tell a timeout from another failure. */
  constructor(
    private readonly timeoutMs: number,
    private readonly gauges: () => { inFlight: number; ready: boolean } = () => ({ inFlight: 0, ready: true }),
  ) {}

  /** Counts one log event; events that are not an answer (no status) are ignored. */
  observe(event: ProxyLogEvent): void {
    if (event.status === undefined) return;
    const kind: Kind = event.kind ?? (event.level === 'error' ? 'internal' : 'other');
    const counts = this.answers.get(kind)!;
    if (event.code === undefined) counts.ok += 1;
    else counts.refused += 1;
    // A provider was called (host), and it did not answer, or answered 5xx.
    if (event.host !== undefined) {
      if (event.upstreamStatus === undefined) {
        if (event.ms !== undefined && event.ms >= this.timeoutMs) this.upstream.timeout += 1;
        else this.upstream.noAnswer += 1;
      } else if (event.upstreamStatus >= 500) this.upstream.status5xx += 1;
    }
    if (event.ms !== undefined) {
      const seconds = event.ms / 1000;
      this.latencySum += seconds;
      this.latencyCount += 1;
      for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (seconds <= LATENCY_BUCKETS[i]!) this.bucketCounts[i]! += 1;
    }
  }

  snapshot(): MetricsSnapshot {
    const answers = Object.fromEntries(KINDS.map((kind) => [kind, { ...this.answers.get(kind)! }])) as MetricsSnapshot['answers'];
    const total = (kind: Kind) => answers[kind].ok + answers[kind].refused;
    const buckets: Record<string, number> = {};
    LATENCY_BUCKETS.forEach((bound, i) => {
      buckets[String(bound)] = this.bucketCounts[i]!;
    });
    buckets['+Inf'] = this.latencyCount;
    return {
      answers,
      exchanges: total('code'),
      refreshes: total('refresh'),
      apiPassThroughs: total('api'),
      actions: total('action'),
      upstreamErrors: { ...this.upstream },
      latency: { buckets, sum: this.latencySum, count: this.latencyCount },
      ...this.gauges(),
    };
  }

  /** Prometheus text exposition format 0.0.4. */
  prometheus(): string {
    const s = this.snapshot();
    const lines: string[] = [];
    const head = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    head('hellojs_meetings_proxy_answers_total', 'counter', 'Answered requests by protocol step and outcome.');
    for (const kind of KINDS) {
      for (const outcome of ['ok', 'refused'] as const) {
        lines.push(`hellojs_meetings_proxy_answers_total{kind="${kind}",outcome="${outcome}"} ${s.answers[kind][outcome]}`);
      }
    }
    head('hellojs_meetings_proxy_upstream_errors_total', 'counter', 'Provider calls that got no answer, timed out or got HTTP 5xx.');
    lines.push(`hellojs_meetings_proxy_upstream_errors_total{reason="no_answer"} ${s.upstreamErrors.noAnswer}`);
    lines.push(`hellojs_meetings_proxy_upstream_errors_total{reason="timeout"} ${s.upstreamErrors.timeout}`);
    lines.push(`hellojs_meetings_proxy_upstream_errors_total{reason="status_5xx"} ${s.upstreamErrors.status5xx}`);
    head('hellojs_meetings_proxy_request_duration_seconds', 'histogram', 'Time from request to answer.');
    for (const [bound, count] of Object.entries(s.latency.buckets)) {
      lines.push(`hellojs_meetings_proxy_request_duration_seconds_bucket{le="${bound}"} ${count}`);
    }
    lines.push(`hellojs_meetings_proxy_request_duration_seconds_sum ${s.latency.sum}`);
    lines.push(`hellojs_meetings_proxy_request_duration_seconds_count ${s.latency.count}`);
    head('hellojs_meetings_proxy_in_flight', 'gauge', 'Requests being answered.');
    lines.push(`hellojs_meetings_proxy_in_flight ${s.inFlight}`);
    head('hellojs_meetings_proxy_ready', 'gauge', '1 while the server takes traffic, 0 while it drains.');
    lines.push(`hellojs_meetings_proxy_ready ${s.ready ? 1 : 0}`);
    return `${lines.join('\n')}\n`;
  }
}
