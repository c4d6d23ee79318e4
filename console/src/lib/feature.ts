import type { ComponentType } from 'react';
import type { Menu } from '@switchboard/client-sdk/contract';

/**
 * What a feature gives the app. Each `src/features/<name>/index.ts` exports `feature: Feature`; the app finds
 * them by glob (src/app/features.ts), so adding a feature touches no shared file.
 */
export interface FeatureRoute {
  /** Absolute path, e.g. '/users-teams' or '/inbox/:conversationId'. */
  path: string;
  component: ComponentType;
  /** The `GET /me` menu that allows the route; a user without it sees "not available to your role". */
  menu?: Menu;
  /** Reachable signed out (sign-in, activation); rendered without the shell. */
  public?: boolean;
  /** Needs a session but no shell, and is reachable while 2FA enrollment is required (the enrollment screen). */
  bare?: boolean;
}
export interface NavEntry {
  menu: Menu;
  label: string;
  to: string;
  /** Position in the navbar; the menu order (docs/model.md, Roles) is inbox 10, contact 20, chatbot 30, integration 40, developers 50, account settings 60, load board 65, users & teams 70. */
  order: number;
}
/** Something a feature keeps in the app header (and so mounted on every screen) for users who have `menu`. */
export interface HeaderItem {
  menu: Menu;
  component: ComponentType;
}
export interface Feature {
  id: string;
  routes: FeatureRoute[];
  nav?: NavEntry[];
  header?: HeaderItem;
}

/** Paths the app itself needs to know (the auth feature serves them). */
export const SIGN_IN_PATH = '/sign-in';
export const ENROLL_2FA_PATH = '/enroll-2fa';
