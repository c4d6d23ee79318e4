import type { z } from 'zod';
import type { inboundMessageBody, inboundResult } from '@switchboard/client-sdk/contract';

/** The inbound message and its answer, typed from the contract: a leaf both the service and the batch writer import. */
export type InboundMessage = z.infer<typeof inboundMessageBody>;
export type InboundResult = z.infer<typeof inboundResult>;
