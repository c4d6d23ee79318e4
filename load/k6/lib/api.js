// REST calls the scenarios make, over k6/http.
import http from 'k6/http';
import { check } from 'k6';
import { API } from '../../shared/scenarios.js';

const json = { 'content-type': 'application/json' };

/** A session for a user: a given token, or sign in with email and password. Returns { id, token } or null. */
export function openSession(baseUrl, user) {
  let token = user.token;
  if (!token) {
    const r = http.post(baseUrl + API.signIn, JSON.stringify({ email: user.email, password: user.password }), {
      headers: json,
      tags: { name: 'sign-in' },
    });
    if (!check(r, { 'signed in': (x) => x.status === 200 })) return null;
    token = r.json('token');
  }
  let id = user.id;
  if (!id) {
    const me = http.get(baseUrl + API.me, { headers: { authorization: `Bearer ${token}` }, tags: { name: 'me' } });
    if (me.status !== 200) return null;
    id = me.json('user.id');
  }
  return { id, token };
}

export function postInbound(cfg, body) {
  const r = http.post(cfg.baseUrl + API.inbound, JSON.stringify(body), {
    headers: { ...json, 'x-api-key': cfg.apiKey },
    tags: { name: 'inbound' },
  });
  check(r, { 'inbound accepted': (x) => x.status >= 200 && x.status < 300 });
  return r;
}

export function listUsers(cfg, session) {
  const r = http.get(cfg.baseUrl + API.users, {
    headers: { authorization: `Bearer ${session.token}` },
    tags: { name: 'users' },
  });
  if (r.status !== 200) return [];
  const body = r.json();
  const list = Array.isArray(body) ? body : body.items || body.users || body.data || [];
  return list.filter((u) => u && u.id && u.status !== 'pending');
}

export function setCapacity(cfg, session, userId, capacity) {
  const r = http.put(cfg.baseUrl + API.capacity(userId), JSON.stringify({ capacity }), {
    headers: { ...json, authorization: `Bearer ${session.token}` },
    tags: { name: 'capacity' },
  });
  check(r, { 'capacity changed': (x) => x.status >= 200 && x.status < 300 });
  return r;
}
