/**
 * Pairs "the inbound API answered 2xx" with "the agent received the assignment", by contact phone, in
 * whichever order they happen: under load the worker can route and the socket deliver a conversation
 * before the HTTP answer reaches the integrator. Such a pair counts as latency 0 (and as `early`).
 */
export class ReceiptMatcher {
  private readonly accepted = new Map<string, number>();
  private readonly received = new Map<string, number>();
  early = 0;

  constructor(private readonly sample: (ms: number) => void) {}

  onAccepted(phone: string, at: number): void {
    const r = this.received.get(phone);
    if (r === undefined) {
      this.accepted.set(phone, at);
      return;
    }
    this.received.delete(phone);
    this.early++;
    this.sample(Math.max(0, r - at));
  }

  onReceived(phone: string, at: number): void {
    const a = this.accepted.get(phone);
    if (a === undefined) {
      this.received.set(phone, at);
      return;
    }
    this.accepted.delete(phone);
    this.sample(at - a);
  }

  /** Accepted, not (yet) received. */
  get pending(): number {
    return this.accepted.size;
  }

  pendingPhones(): string[] {
    return [...this.accepted.keys()];
  }

  clear(): void {
    this.accepted.clear();
    this.received.clear();
  }
}
