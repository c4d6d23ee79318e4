import { describe, expect, it } from 'vitest';
import { DURABLE_EVENTS } from '@switchboard/client-sdk/contract';
import { ackFrame, connectFrame, eventFrame, parseFrame, socketUrl } from '../../load/shared/engineio.js';
import {
  EVENTS,
  createMessageSource,
  createRandom,
  holdFor,
  inboundBody,
  nextCapacity,
  parseDuration,
} from '../../load/shared/scenarios.js';
import { asEnvelope } from '../../load/harness/socket-agent.js';
import { parseCli } from '../../load/harness/options.js';
import { percentile, repeated } from '../../load/bench/stats.js';
import { renderTable } from '../../load/bench/report.js';
import { ReceiptMatcher } from '../../load/harness/matcher.js';

describe('shared scenario logic', () => {
  it('names the same durable events as the client-sdk', () => {
    expect(EVENTS.assigned).toBe(DURABLE_EVENTS.conversationAssigned);
    expect(EVENTS.resolved).toBe(DURABLE_EVENTS.conversationResolved);
  });

  it('parses durations', () => {
    expect(parseDuration('60s')).toBe(60_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration(15)).toBe(15);
    expect(() => parseDuration('soon')).toThrow(/not a duration/);
  });

  it('generates the same traffic for the same seed, unique message ids, and follow-ups from known contacts', () => {
    const a = createMessageSource({ seed: 7, followUps: 0.3, runId: 'x' });
    const b = createMessageSource({ seed: 7, followUps: 0.3, runId: 'x' });
    const msgs = Array.from({ length: 2000 }, () => a.next());
    expect(Array.from({ length: 2000 }, () => b.next())).toEqual(msgs);
    expect(new Set(msgs.map((m) => m.providerMessageId)).size).toBe(2000);
    const followUps = msgs.filter((m) => m.followUp);
    expect(followUps.length / msgs.length).toBeGreaterThan(0.25);
    expect(followUps.length / msgs.length).toBeLessThan(0.35);
    const newPhones = new Set(msgs.filter((m) => !m.followUp).map((m) => m.contactPhone));
    expect(newPhones.size).toBe(msgs.length - followUps.length);
    for (const m of followUps) expect(newPhones.has(m.contactPhone)).toBe(true);
    // Another run never reuses this run's ids or phone numbers.
    const other = createMessageSource({ seed: 7, runId: 'y' }).next();
    expect(other.providerMessageId).not.toBe(msgs[0].providerMessageId);
    expect(other.contactPhone).not.toBe(msgs[0].contactPhone);
  });

  it('builds the inbound body, holds around the mean, and always changes capacity', () => {
    const m = createMessageSource({ runId: 'z', followUps: 0 }).next();
    expect(inboundBody('+15550100', m, { priority: 2 })).toMatchObject({
      channel: { phone: '+15550100' },
      contact: { phone: m.contactPhone },
      providerMessageId: m.providerMessageId,
      priority: 2,
    });
    const r = createRandom(3);
    for (let i = 0; i < 100; i++) {
      const h = holdFor(r, 2000);
      expect(h).toBeGreaterThanOrEqual(1000);
      expect(h).toBeLessThanOrEqual(3000);
      const c = nextCapacity(r, 4, 1, 10);
      expect(c).not.toBe(4);
      expect(c).toBeGreaterThanOrEqual(1);
      expect(c).toBeLessThanOrEqual(10);
    }
  });
});

describe('Engine.IO v4 frames for k6', () => {
  it('builds the URL and the frames a Socket.IO server expects', () => {
    expect(socketUrl('http://127.0.0.1:3000')).toBe('ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket');
    expect(socketUrl('https://x.example/')).toBe('wss://x.example/socket.io/?EIO=4&transport=websocket');
    expect(connectFrame({ token: 't', lastEventId: null })).toBe('40{"token":"t","lastEventId":null}');
    expect(eventFrame('agent.pause', [{}], 3)).toBe('423["agent.pause",{}]');
    expect(ackFrame(12, [])).toBe('4312[]');
  });

  it('parses what the server sends', () => {
    expect(parseFrame('0{"sid":"a","pingInterval":25000}')).toEqual({
      kind: 'open',
      data: { sid: 'a', pingInterval: 25000 },
    });
    expect(parseFrame('2')).toEqual({ kind: 'ping' });
    expect(parseFrame('40{"sid":"b"}')).toEqual({ kind: 'connect', data: { sid: 'b' } });
    expect(parseFrame('44{"message":"unauthorized"}')).toEqual({
      kind: 'connect_error',
      data: { message: 'unauthorized' },
    });
    expect(parseFrame('42["conversation.assigned",{"id":"1"}]')).toEqual({
      kind: 'event',
      name: 'conversation.assigned',
      args: [{ id: '1' }],
      id: undefined,
    });
    expect(parseFrame('4217["event",{"id":"2"}]')).toEqual({
      kind: 'event',
      name: 'event',
      args: [{ id: '2' }],
      id: 17,
    });
    expect(parseFrame('43/admin,5[true]')).toEqual({ kind: 'ack', id: 5, args: [true] });
  });
});

describe('harness plumbing', () => {
  it('reads a durable event under any framing', () => {
    const env = { id: '9', type: 'conversation.assigned', at: '2026-01-01T00:00:00Z', payload: { assigneeId: 'u' } };
    expect(asEnvelope('event', [env])).toEqual(env);
    expect(asEnvelope('conversation.assigned', [env])).toEqual(env);
    expect(asEnvelope('conversation.assigned', [{ id: '9', at: 'x', payload: { assigneeId: 'u' } }])).toMatchObject({
      id: '9',
      type: 'conversation.assigned',
    });
    expect(asEnvelope('queue.counts', [{ unassigned: 3 }])).toBeNull();
  });

  it('parses the CLI and refuses unbounded runs', () => {
    const o = parseCli(['mixed', '--duration', '60s', '--rate', '50', '--agents', '3']);
    expect(o).toMatchObject({
      scenario: 'mixed',
      durationMs: 60_000,
      rate: 50,
      agents: 3,
      url: 'http://127.0.0.1:3000',
    });
    expect(() => parseCli(['nope'])).toThrow(/unknown or missing scenario/);
    expect(() => parseCli(['inbound-flood', '--rate', '100000', '--duration', '1h'])).toThrow();
  });

  it('pairs acceptance and receipt in either order', () => {
    const samples: number[] = [];
    const m = new ReceiptMatcher((ms) => samples.push(ms));
    m.onAccepted('+1', 100);
    m.onReceived('+1', 130);
    // Routed and delivered before the HTTP answer arrived: 0 ms, counted as early, not as lost.
    m.onReceived('+2', 200);
    m.onAccepted('+2', 210);
    m.onAccepted('+3', 300);
    expect(samples).toEqual([30, 0]);
    expect(m.early).toBe(1);
    expect(m.pendingPhones()).toEqual(['+3']);
  });

  it('reports medians with their spread', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
    expect(repeated([3, 1, 2])).toMatchObject({ median: 2, min: 1, max: 3 });
    const table = renderTable(
      [{ label: 'Throughput', parts: [{ runs: [3000, 3100, 2900] }], unit: 'conv/s', target: '≥ 3,000' }],
      3,
    );
    expect(table).toContain('3,000 (2,900–3,100)');
  });
});
