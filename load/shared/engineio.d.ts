// Types for engineio.js (plain JavaScript so that k6 can load it too).
export declare function socketUrl(baseUrl: string, path?: string): string;
export declare const PONG: '3';
export declare function connectFrame(auth?: Record<string, unknown>): string;
export declare function eventFrame(name: string, args?: unknown[], ackId?: number): string;
export declare function ackFrame(id: number, args?: unknown[]): string;
export type Frame =
  | { kind: 'open'; data: unknown }
  | { kind: 'ping' | 'pong' | 'close' | 'disconnect' }
  | { kind: 'connect' | 'connect_error'; data: unknown }
  | { kind: 'event'; name: string; args: unknown[]; id?: number }
  | { kind: 'ack'; id?: number; args: unknown[] }
  | { kind: 'unknown'; raw: string };
export declare function parseFrame(text: string): Frame;
