import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../core/errors.js';
import type { StoredRealtimeEvent } from '../../realtime/event-log.js';
import { writeBatch, type BatchWritten } from './inbound.batch.js';
import type { RoutingReason } from '../../routing/routing.queue.js';
import type { InboundMessage, InboundResult } from './inbound.schemas.js';

export type { InboundMessage, InboundResult } from './inbound.schemas.js';

export interface InboundDeps {
  em: () => EntityManager;
  publish: (events: StoredRealtimeEvent[]) => void;
  requestRouting: (accountId: string, reason: RoutingReason) => Promise<void>;
  onRoutingRequestFailed?: (err: unknown) => void;
  /** Most messages of one account written by one transaction (default 200). */
  maxBatch?: number;
  /** Transactions of one account in flight at once from this process (default 2). */
  maxInFlight?: number;
}

interface Pending {
  input: InboundMessage;
  apiKeyId?: string;
  resolve: (r: InboundResult) => void;
  reject: (e: unknown) => void;
}

/**
 * The inbound webhook: idempotent on the provider's message id, answered once the message is durable.
 *
 * Every inbound transaction takes the account lock for its socket event (event ids must grow in commit
 * order), so one transaction per message would cap an account at one commit per lock hold. Requests of
 * an account are therefore grouped: while a write is in flight, newly arrived messages queue, and the
 * next transaction takes all of them (up to maxBatch). At low traffic a message goes alone and at once;
 * under load the batches grow and the lock and fsync are paid per batch. See inbound.batch.ts.
 */
export class InboundService {
  private readonly queues = new Map<string, { waiting: Pending[]; inFlight: number }>();
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(private readonly deps: InboundDeps) {
    this.maxBatch = deps.maxBatch ?? 200;
    this.maxInFlight = deps.maxInFlight ?? 2;
  }

  /** `apiKeyId`: the key the message came with; the write refuses it (401) if the key is revoked by then. */
  receive(accountId: string, input: InboundMessage, opts: { apiKeyId?: string } = {}): Promise<InboundResult> {
    return new Promise((resolve, reject) => {
      let q = this.queues.get(accountId);
      if (!q) this.queues.set(accountId, (q = { waiting: [], inFlight: 0 }));
      q.waiting.push({ input, apiKeyId: opts.apiKeyId, resolve, reject });
      this.pump(accountId);
    });
  }

  private pump(accountId: string): void {
    const q = this.queues.get(accountId);
    if (!q) return;
    while (q.waiting.length && q.inFlight < this.maxInFlight) {
      const batch = q.waiting.splice(0, this.maxBatch);
      q.inFlight++;
      void this.flush(accountId, batch).finally(() => {
        q.inFlight--;
        if (!q.waiting.length && !q.inFlight) this.queues.delete(accountId);
        else this.pump(accountId);
      });
    }
  }

  private async flush(accountId: string, batch: Pending[]): Promise<void> {
    let written: BatchWritten;
    try {
      written = await this.deps.em().transactional((tx) =>
        writeBatch(
          tx,
          accountId,
          batch.map((p) => p.input),
          batch.map((p) => p.apiKeyId),
        ),
      );
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    if (written.events.length) this.deps.publish(written.events);
    // Answered before routing is requested: the messages are durable, and the enqueue (a Redis round trip)
    // does not change the answer. The batch's slot stays taken until the enqueue is done, so a burst still
    // makes one routing request per batch.
    written.outcomes.forEach((o, i) => (o instanceof DomainError ? batch[i].reject(o) : batch[i].resolve(o)));
    if (written.createdConversations) {
      // If Redis is down the sweep routes them.
      await this.deps
        .requestRouting(accountId, 'new_conversation')
        .catch((err) => this.deps.onRoutingRequestFailed?.(err));
    }
  }
}
