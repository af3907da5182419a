import { can, type Permission, type Role } from '../../src/core/roles';
import { useSession } from './session';

export type { Permission };

/**
 * Whether the signed-in user may do something, from the same table of roles the API enforces
 * (src/core/roles.ts, pure, so the app bundles it): a page shows only the buttons whose action
 * would be allowed, so a viewer never meets a button that fails.
 */
export function useCan(): (permission: Permission) => boolean {
  const { state } = useSession();
  const role =
    state.status === 'checking' || state.status === 'signed_out' ? null : (state.me.role as Role);
  return (permission) => role !== null && can(role, permission);
}
