import type { Role } from './roles.js';

/** Who is acting, in which organization: every service call carries one, and so does the audit log. */
export interface Actor {
  readonly orgId: string;
  readonly type: 'user' | 'token' | 'system' | 'cli';
  /** The user id (for users and their tokens), or null for the system and the CLI. */
  readonly id: string | null;
  readonly name: string;
  readonly role: Role;
}
