import { Injectable, OnModuleDestroy } from '@nestjs/common';

import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import { VmCapabilities } from '../vm/capability-rules';

/** Every flag of an answer, so that each of its series exists from the start at zero. */
const CAPABILITY_FLAGS: Record<keyof VmCapabilities, true> = {
  supportLiveMigration: true,
  supportMemorySnapshot: true,
  supportReimage: true,
  supportVolumeMigration: true,
};

const FLAG_NAMES = Object.keys(CAPABILITY_FLAGS) as (keyof VmCapabilities)[];

const NO_TALLY: Record<keyof VmCapabilities, number> = {
  supportLiveMigration: 0,
  supportMemorySnapshot: 0,
  supportReimage: 0,
  supportVolumeMigration: 0,
};

/** Database statements take milliseconds, below the default buckets' 5 ms floor. */
const STATEMENT_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

/**
 * The service's Prometheus metrics, on a registry of the application's own
 * rather than prom-client's global one, so that applications sharing a process
 * (as the tests do) never share or clash over a series.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  private readonly registry = new Registry();

  private readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly capabilityAnswers = new Counter({
    name: 'vm_capability_answers_total',
    help: 'Capability flags answered, one per flag of each VM answered, by flag and value',
    labelNames: ['flag', 'value'] as const,
    registers: [this.registry],
  });

  private readonly statementDuration = new Histogram({
    name: 'db_query_duration_seconds',
    help: 'Time the database took to answer a statement, failed ones included',
    buckets: STATEMENT_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });

    for (const flag of FLAG_NAMES) {
      this.capabilityAnswers.labels(flag, 'true').inc(0);
      this.capabilityAnswers.labels(flag, 'false').inc(0);
    }
  }

  /** The metrics in Prometheus's text format. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  /** Starts timing a request; the returned function records it once it is answered. */
  startHttpRequest(): (method: string, route: string, status: number) => void {
    const stop = this.httpDuration.startTimer();

    return (method, route, status) => {
      const labels = { method, route, status: String(status) };
      stop(labels);
      this.httpRequests.inc(labels);
    };
  }

  /** Starts timing a database statement; the returned function records it once it is done. */
  startStatement(): () => void {
    const stop = this.statementDuration.startTimer();

    return () => {
      stop();
    };
  }

  /**
   * Counts the flags of one call's answers: a tally per flag and value, added to
   * the counters once per call rather than once per VM.
   */
  countCapabilities(answers: Iterable<VmCapabilities>): void {
    const trues = { ...NO_TALLY };
    let total = 0;

    for (const capabilities of answers) {
      total += 1;
      trues.supportLiveMigration += Number(capabilities.supportLiveMigration);
      trues.supportMemorySnapshot += Number(capabilities.supportMemorySnapshot);
      trues.supportReimage += Number(capabilities.supportReimage);
      trues.supportVolumeMigration += Number(capabilities.supportVolumeMigration);
    }

    if (total === 0) {
      return;
    }

    for (const flag of FLAG_NAMES) {
      this.capabilityAnswers.inc({ flag, value: 'true' }, trues[flag]);
      this.capabilityAnswers.inc({ flag, value: 'false' }, total - trues[flag]);
    }
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }
}
