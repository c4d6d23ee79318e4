// The three behaviours every k6 script is made of: an integrator posting messages, an agent on a socket,
// an admin moving capacities. Pacing and content come from ../../shared/scenarios.js, as in the Node harness.
import ws from 'k6/ws';
import { check, sleep } from 'k6';
import { Counter, Rate, Trend } from 'k6/metrics';
import { ackFrame, connectFrame, eventFrame, parseFrame, socketUrl, PONG } from '../../shared/engineio.js';
import {
  EVENTS,
  createMessageSource,
  createRandom,
  holdFor,
  inboundBody,
  nextCapacity,
  pausePlan,
} from '../../shared/scenarios.js';
import { listUsers, openSession, postInbound, setCapacity } from './api.js';

/** Server commit (the event's `at`) → arrival on the agent's socket. Same clock only when k6 runs beside the server. */
export const receiptLatency = new Trend('assignment_receipt_ms', true);
export const assignmentsReceived = new Counter('assignments_received');
export const socketErrors = new Rate('socket_errors');
export const capacityChanges = new Counter('capacity_changes');
export const resolved = new Counter('conversations_resolved');
export const socketCallErrors = new Rate('socket_call_errors');

let source = null;

/** One inbound message (one iteration of a constant-arrival-rate scenario). */
export function inboundIteration(cfg) {
  // Module state is per VU in k6: each VU has its own contacts and message ids.
  if (!source)
    source = createMessageSource({ seed: cfg.seed + __VU, followUps: cfg.followUps, runId: `${cfg.runId}-${__VU}` });
  postInbound(cfg, inboundBody(cfg.channel, source.next()));
}

/** Reads a durable event envelope `{ id, type, at, payload }` from an event frame, however the gateway names it. */
function envelopeOf(frame) {
  for (const a of frame.args) if (a && typeof a === 'object' && a.type && a.payload) return a;
  const first = frame.args[0];
  if (typeof frame.name === 'string' && frame.name.indexOf('.') > 0 && first && typeof first === 'object') {
    return {
      id: first.id || first.eventId || null,
      type: frame.name,
      at: first.at || null,
      payload: first.payload || first,
    };
  }
  return null;
}

/**
 * One agent for `sessionMs`: Socket.IO over Engine.IO v4 frames, every event acknowledged, each assignment
 * resolved after a random hold, and a pause in the middle for a share of agents.
 */
export function agentSession(cfg, user, sessionMs) {
  const session = openSession(cfg.baseUrl, user);
  if (!session) {
    socketErrors.add(1);
    return;
  }
  const random = createRandom(cfg.seed * 1000 + __VU);
  let lastEventId = null;
  let ackedId = null;
  let ackSeq = 0;
  const seen = {};
  const res = ws.connect(socketUrl(cfg.baseUrl), {}, (socket) => {
    socket.on('message', (text) => {
      const f = parseFrame(text);
      if (f.kind === 'open') socket.send(connectFrame({ token: session.token, lastEventId }));
      else if (f.kind === 'ping') socket.send(PONG);
      else if (f.kind === 'connect') {
        socketErrors.add(0);
        const plan = pausePlan(random, cfg.pauseRatio, sessionMs);
        if (plan) {
          socket.setTimeout(() => socket.send(eventFrame(EVENTS.pause, [], ++ackSeq)), plan.at);
          socket.setTimeout(() => socket.send(eventFrame(EVENTS.resume, [], ++ackSeq)), plan.at + plan.for);
        }
      } else if (f.kind === 'connect_error') {
        socketErrors.add(1);
        socket.close();
      } else if (f.kind === 'ack') {
        // Answers to our calls (pause, resume, resolve): { ok: true, data } or { ok: false, error }.
        const r = f.args[0];
        const ok = !!(r && r.ok);
        socketCallErrors.add(!ok);
        if (ok && r.data && r.data.status === 'resolved') resolved.add(1);
      } else if (f.kind === 'event') {
        if (f.id !== undefined) socket.send(ackFrame(f.id, []));
        if (f.name === EVENTS.replay) {
          const batch = f.args[0];
          for (const env of (batch && batch.events) || []) handle(env);
        } else {
          const env = envelopeOf(f);
          if (env) handle(env);
        }
      }
    });
    // Delivery acknowledged cumulatively, as the client-sdk does.
    socket.setInterval(() => {
      if (lastEventId && lastEventId !== ackedId) {
        ackedId = lastEventId;
        socket.send(eventFrame(EVENTS.ack, [{ lastEventId }]));
      }
    }, 500);
    function handle(env) {
      if (env.id && seen[env.id]) return;
      if (env.id) {
        seen[env.id] = true;
        lastEventId = env.id;
      }
      const p = env.payload;
      if (
        env.type === EVENTS.assigned &&
        p &&
        p.conversation &&
        (p.assigneeId || p.conversation.assigneeId) === session.id
      ) {
        assignmentsReceived.add(1);
        if (env.at) receiptLatency.add(Math.max(0, Date.now() - Date.parse(env.at)));
        const id = p.conversation.id;
        // Resolved over the socket (acknowledged call), as an agent app built on the client-sdk does.
        socket.setTimeout(
          () => socket.send(eventFrame(EVENTS.resolve, [{ conversationId: id }], ++ackSeq)),
          holdFor(random, cfg.holdMs),
        );
      }
    }
    socket.on('error', () => socketErrors.add(1));
    socket.setTimeout(() => socket.close(), sessionMs);
  });
  check(res, { 'websocket upgraded': (r) => r && r.status === 101 });
}

let adminSession = null;
let agentIds = null;
const capacities = {};

/** One capacity change by an admin, then a pause of `capacityChangeEveryMs`. */
export function adminIteration(cfg) {
  if (!adminSession) {
    const admins = cfg.users.admins;
    adminSession = openSession(cfg.baseUrl, admins[(__VU - 1) % admins.length]);
    if (!adminSession) {
      sleep(cfg.capacityChangeEveryMs / 1000);
      return;
    }
    agentIds = listUsers(cfg, adminSession)
      .map((u) => u.id)
      .filter((id) => id !== adminSession.id);
  }
  const random = Math.random;
  if (agentIds.length) {
    const id = agentIds[Math.floor(random() * agentIds.length)];
    const capacity = nextCapacity(
      random,
      capacities[id] === undefined ? -1 : capacities[id],
      cfg.capacityMin,
      cfg.capacityMax,
    );
    const r = setCapacity(cfg, adminSession, id, capacity);
    if (r.status < 300) {
      capacities[id] = capacity;
      capacityChanges.add(1);
    }
  }
  sleep(cfg.capacityChangeEveryMs / 1000);
}

/** The agent a VU plays: VU n takes the n-th user of the list (wrapping). */
export function agentFor(cfg) {
  const agents = cfg.users.agents;
  return agents[(__VU - 1) % agents.length];
}
