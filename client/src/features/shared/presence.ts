/**
 * Presence: who has a document open right now, read from the y-protocols awareness states that
 * the relay forwards. Pure functions; the editor subscribes and renders the list.
 *
 * A remote state's `user.userId` and `user.name` are the ones the relay authenticated: it stamps
 * them into every state it relays, whatever the sending client wrote (SPEC SYNC-AWARENESS-2), so
 * nobody can appear as another member. Colours are derived from that id, never taken from the state.
 */

/** The `user` field every client puts into its awareness state (y-codemirror.next reads name/color/colorLight). */
export interface PresenceUser {
  readonly userId: string;
  readonly name: string;
  readonly color: string;
  readonly colorLight: string;
}

/**
 * Caret and name-tag colours. y-codemirror.next writes the name in white on this colour, so each
 * one keeps a contrast of at least 4.5:1 against white.
 */
const palette = ['#b91c1c', '#1d4ed8', '#047857', '#7e22ce', '#9a3412', '#be185d', '#0e7490', '#4d7c0f'] as const;

/** A stable colour per user, so the same person has the same caret colour on every device. */
export function colorFor(userId: string): { readonly color: string; readonly colorLight: string } {
  let hash = 0;
  for (const char of userId) hash = (Math.imul(hash, 31) + (char.codePointAt(0) ?? 0)) >>> 0;
  const color = palette[hash % palette.length] ?? palette[0];
  return { color, colorLight: `${color}33` };
}

/** The awareness `user` field for the signed-in user. */
export function presenceUserFor(session: { readonly userId: string; readonly name: string }): PresenceUser {
  return { userId: session.userId, name: session.name, ...colorFor(session.userId) };
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null;
}

/** Reads a remote `user` field defensively; its id and name are relay-stamped, the rest is the sender's. */
export function parsePresenceUser(state: unknown): PresenceUser | null {
  if (!isRecord(state)) return null;
  const user = state.user;
  if (!isRecord(user)) return null;
  const { userId, name } = user;
  if (typeof userId !== 'string' || typeof name !== 'string' || name.trim() === '') return null;
  // The sent colours are ignored: a member must not be able to wear another member's colour.
  return { userId, name: name.slice(0, 80), ...colorFor(userId) };
}

/** One entry per person (several tabs of one user count once), the local user first, then by name. */
export function presentUsers(states: ReadonlyMap<number, unknown>, localUserId: string): PresenceUser[] {
  const byUser = new Map<string, PresenceUser>();
  for (const state of states.values()) {
    const user = parsePresenceUser(state);
    if (user !== null && !byUser.has(user.userId)) byUser.set(user.userId, user);
  }
  return [...byUser.values()].sort((a, b) => {
    if (a.userId === localUserId) return -1;
    if (b.userId === localUserId) return 1;
    return a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId);
  });
}
