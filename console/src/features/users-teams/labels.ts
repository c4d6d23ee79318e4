import { ROLES, type Role } from '@switchboard/client-sdk/contract';

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  operator: 'Operator',
  developer: 'Developer',
  inbox_manager: 'Inbox Manager',
  service: 'Service',
  sale: 'Sale',
};
export const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
