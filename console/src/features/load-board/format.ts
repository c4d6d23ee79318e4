import { formatShortDateTime, formatTimeOfDay } from '../../lib/format.js';

/** "45 s", "3 min 12 s", "2 h 5 min", "3 d 4 h": an age on screen, coarser as it grows. */
export function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** A moment as a person reads it: the time of day for today, the date too before that. */
export function clockTime(iso: string, nowMs: number): string {
  const d = new Date(iso);
  const today = new Date(nowMs).toDateString() === d.toDateString();
  return today ? formatTimeOfDay(d) : formatShortDateTime(d);
}
