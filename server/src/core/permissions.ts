import { MENUS, type Menu } from '@switchboard/client-sdk/contract';
import type { Role } from './roles.js';

/**
 * The permission matrix of docs/model.md (roles), as data: the API enforces it and GET /me returns it so a UI can
 * render menus without its own copy. Default-deny: anything not listed here is refused.
 */
export { MENUS, type Menu };

/** 'all': every conversation of the account. 'own': assigned to them, or whose contact they own. */
export type Visibility = 'all' | 'own';

interface RolePermissions {
  menus: readonly Menu[];
  visibility: Visibility;
  /** Assign a conversation to someone else. */
  assignOthers: boolean;
  /** Explicitly exceed an agent's capacity on a manual assignment (recorded). */
  overrideCapacity: boolean;
  /** Set or clear any contact's owner. */
  manageContactOwners: boolean;
}

export const PERMISSIONS: Readonly<Record<Role, RolePermissions>> = {
  admin: { menus: MENUS, visibility: 'all', assignOthers: true, overrideCapacity: true, manageContactOwners: true },
  operator: {
    menus: ['inbox'],
    visibility: 'all',
    assignOthers: true,
    overrideCapacity: false,
    manageContactOwners: false,
  },
  developer: {
    menus: ['inbox', 'contact', 'chatbot', 'integration', 'developers'],
    visibility: 'all',
    assignOthers: false,
    overrideCapacity: false,
    manageContactOwners: false,
  },
  inbox_manager: {
    // The load board read-only: capacity is changed in Users & teams' rule (Admins), not by this menu.
    menus: ['inbox', 'contact', 'chatbot', 'integration', 'load_board'],
    visibility: 'all',
    assignOthers: true,
    overrideCapacity: true,
    manageContactOwners: true,
  },
  service: {
    menus: ['inbox'],
    visibility: 'all',
    assignOthers: false,
    overrideCapacity: false,
    manageContactOwners: false,
  },
  sale: {
    menus: ['inbox', 'contact'],
    visibility: 'own',
    assignOthers: false,
    overrideCapacity: false,
    manageContactOwners: false,
  },
};

export const canSeeMenu = (role: Role, menu: Menu) => PERMISSIONS[role].menus.includes(menu);
/** Capacity is changed by Admins only, over REST, the socket or the load board (where Inbox Managers watch). */
export const canChangeCapacity = (role: Role) => role === 'admin';
export const seesAllConversations = (role: Role) => PERMISSIONS[role].visibility === 'all';
