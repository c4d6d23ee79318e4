// k6 scenario and threshold blocks shared by the scripts, sized from the run config.
export function inboundScenario(cfg, startTime) {
  return {
    executor: 'constant-arrival-rate',
    exec: 'inbound',
    rate: cfg.rate,
    timeUnit: '1s',
    duration: cfg.duration,
    preAllocatedVUs: Math.max(5, Math.min(200, Math.ceil(cfg.rate / 10))),
    maxVUs: Math.max(10, Math.min(1000, cfg.rate * 2)),
    startTime: startTime || '0s',
  };
}

export function agentsScenario(cfg) {
  return {
    executor: 'per-vu-iterations',
    exec: 'agent',
    vus: Math.max(1, cfg.agents),
    iterations: 1,
    // Agents connect first and stay a little longer than the traffic, so the queue can settle.
    maxDuration: `${Math.ceil(cfg.durationMs / 1000) + 60}s`,
  };
}

export function adminsScenario(cfg) {
  return { executor: 'constant-vus', exec: 'admin', vus: Math.max(1, cfg.admins), duration: cfg.duration };
}

export function thresholds(cfg, parts) {
  const t = { checks: [`rate>${1 - cfg.maxErrorRate}`] };
  if (parts.inbound) {
    t['http_req_failed{name:inbound}'] = [`rate<${cfg.maxErrorRate}`];
    t['http_req_duration{name:inbound}'] = [`p(99)<${cfg.p99InboundMs}`];
  }
  if (parts.agents) {
    t.socket_errors = [`rate<${cfg.maxErrorRate}`];
    t.socket_call_errors = [`rate<${cfg.maxErrorRate}`];
    t.assignment_receipt_ms = [`p(99)<${cfg.p99ReceiptMs}`];
  }
  if (parts.admins) {
    t['http_req_failed{name:capacity}'] = [`rate<${cfg.maxErrorRate}`];
    t['http_req_duration{name:capacity}'] = [`p(99)<${cfg.p99CapacityMs}`];
  }
  return t;
}
