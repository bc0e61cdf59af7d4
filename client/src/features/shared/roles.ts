import type { Role } from '../../shell/feature';

const rank: Readonly<Record<Role, number>> = { viewer: 0, player: 1, gm: 2 };

/** Whether `role` is at least `minimum` (gm > player > viewer). */
export function hasRole(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}

/** Players and the GM write; viewers only read. */
export function canEdit(role: Role): boolean {
  return hasRole(role, 'player');
}
