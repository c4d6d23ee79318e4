// Socket.IO v5 packets over Engine.IO v4 frames, as text, for clients that only have a raw WebSocket
// (k6/ws). Plain JavaScript with no imports so k6 and Node both load it; the Node harness itself uses
// socket.io-client and this module only in tests.
//
// Engine.IO frame = one digit type + data: 0 open, 1 close, 2 ping, 3 pong, 4 message.
// A message carries a Socket.IO packet: one digit type, optional "/nsp,", optional ack id, JSON.
//   0 connect, 1 disconnect, 2 event, 3 ack, 4 connect_error.

/** The WebSocket URL of the default namespace for an http(s) base URL. */
export function socketUrl(baseUrl, path) {
  return baseUrl.replace(/^http/, 'ws').replace(/\/$/, '') + (path || '/socket.io/') + '?EIO=4&transport=websocket';
}

export const PONG = '3';

/** Join the default namespace, with the handshake auth object (e.g. `{ token, lastEventId }`). */
export function connectFrame(auth) {
  return '40' + (auth ? JSON.stringify(auth) : '');
}

/** Emit an event; with `ackId` the server answers with an ack frame carrying the same id. */
export function eventFrame(name, args, ackId) {
  return '42' + (ackId === undefined ? '' : String(ackId)) + JSON.stringify([name].concat(args || []));
}

/** Acknowledge the server's event `id` with `args`. */
export function ackFrame(id, args) {
  return '43' + String(id) + JSON.stringify(args || []);
}

/**
 * Parses one text frame into `{ kind, … }`:
 * open {data}, ping, pong, close, connect {data}, connect_error {data}, disconnect, event {name, args, id}, ack {id, args}, unknown.
 */
export function parseFrame(text) {
  const eio = text.charAt(0);
  if (eio === '0') return { kind: 'open', data: safeJson(text.slice(1)) };
  if (eio === '1') return { kind: 'close' };
  if (eio === '2') return { kind: 'ping' };
  if (eio === '3') return { kind: 'pong' };
  if (eio !== '4') return { kind: 'unknown', raw: text };
  const type = text.charAt(1);
  let i = 2;
  if (text.charAt(i) === '/') {
    const comma = text.indexOf(',', i);
    i = comma < 0 ? text.length : comma + 1;
  }
  let digits = '';
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) digits += text.charAt(i++);
  const id = digits ? Number(digits) : undefined;
  const data = i < text.length ? safeJson(text.slice(i)) : undefined;
  if (type === '0') return { kind: 'connect', data };
  if (type === '1') return { kind: 'disconnect' };
  if (type === '4') return { kind: 'connect_error', data };
  if (type === '2' && Array.isArray(data)) return { kind: 'event', name: data[0], args: data.slice(1), id };
  if (type === '3') return { kind: 'ack', id, args: Array.isArray(data) ? data : [] };
  return { kind: 'unknown', raw: text };
}

function safeJson(s) {
  try {
    return JSON.parse(s);
  } catch (e) {
    return undefined;
  }
}
