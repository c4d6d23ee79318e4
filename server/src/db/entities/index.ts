export * from './account.entity.js';
export * from './user.entity.js';
export * from './team.entity.js';
export * from './channel.entity.js';
export * from './contact.entity.js';
export * from './conversation.entity.js';
export * from './message.entity.js';
export * from './assignment-event.entity.js';
export * from './audit-event.entity.js';
export * from './auth.entities.js';
export * from './routing.entities.js';

import { Account } from './account.entity.js';
import { User } from './user.entity.js';
import { Team, TeamMember } from './team.entity.js';
import { Channel } from './channel.entity.js';
import { Contact } from './contact.entity.js';
import { Conversation } from './conversation.entity.js';
import { Message } from './message.entity.js';
import { AssignmentEvent } from './assignment-event.entity.js';
import { AuditEvent } from './audit-event.entity.js';
import { ApiKey, Invitation, RecoveryCode, Session } from './auth.entities.js';
import { AgentLoad, RealtimeEvent } from './routing.entities.js';

export const entities = [
  Account,
  User,
  Team,
  TeamMember,
  Channel,
  Contact,
  Conversation,
  Message,
  AssignmentEvent,
  AuditEvent,
  Invitation,
  Session,
  RecoveryCode,
  ApiKey,
  AgentLoad,
  RealtimeEvent,
];
