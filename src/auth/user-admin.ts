import type { Kysely } from 'kysely';
import type { Database, Role, User } from '../db/schema.ts';
import { ApiError } from '../http/errors.ts';
import { fold } from '../shared/text.ts';
import type { CredentialEnded, Principal } from './auth-service.ts';
import { generatePassword, hashPassword, OWASP_SCRYPT, type ScryptParams } from './passwords.ts';

/**
 * Account administration for the /admin/users page: list, change role, region
 * and the organiser right, disable and re-enable, reset a password. Callers are
 * admins (the routes check); an admin cannot lock themself out.
 */

export interface AccountView {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  regionCode: string | null;
  organiser: boolean;
  disabled: boolean;
  createdAt: string;
}

export const accountView = (u: User): AccountView => ({
  id: u.id,
  email: u.email,
  displayName: u.display_name,
  role: u.role,
  regionCode: u.region_code,
  organiser: u.organiser,
  disabled: u.disabled_at !== null,
  createdAt: new Date(u.created_at).toISOString(),
});

export interface AccountPatch {
  displayName?: string | undefined;
  role?: Role | undefined;
  regionCode?: string | null | undefined;
  organiser?: boolean | undefined;
  disabled?: boolean | undefined;
}

export type UserAdmin = ReturnType<typeof createUserAdmin>;

export function createUserAdmin(deps: {
  db: Kysely<Database>;
  scrypt?: ScryptParams;
  now?: () => number;
  /** Told after commit when an account's credentials end (disabled, password reset), so its open sockets close. */
  credentialEnded?: (e: CredentialEnded) => void;
}) {
  const { db } = deps;
  const now = () => new Date((deps.now ?? Date.now)());
  const find = async (id: string) => {
    const u = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!u) throw new ApiError(404, 'NOT_FOUND');
    return u;
  };

  return {
    /** Accounts, newest first; `q` matches email or name without diacritics. */
    async list(filter: { q?: string | undefined; role?: Role | undefined } = {}): Promise<AccountView[]> {
      let query = db.selectFrom('users').selectAll().orderBy('created_at', 'desc').orderBy('email');
      if (filter.role) query = query.where('role', '=', filter.role);
      const rows = await query.execute();
      const needle = filter.q ? fold(filter.q) : '';
      return rows.filter((u) => !needle || fold(`${u.email} ${u.display_name}`).includes(needle)).map(accountView);
    },

    async update(actor: Principal, id: string, patch: AccountPatch): Promise<AccountView> {
      const u = await find(id);
      if (id === actor.userId && (patch.disabled === true || (patch.role !== undefined && patch.role !== 'admin'))) throw new ApiError(409, 'CANNOT_CHANGE_SELF');
      const view = await db.transaction().execute(async (tx) => {
        const updated = await tx
          .updateTable('users')
          .set({
            ...(patch.displayName !== undefined ? { display_name: patch.displayName.normalize('NFC').trim() } : {}),
            ...(patch.role !== undefined ? { role: patch.role } : {}),
            ...(patch.regionCode !== undefined ? { region_code: patch.regionCode } : {}),
            ...(patch.organiser !== undefined ? { organiser: patch.organiser } : {}),
            ...(patch.disabled !== undefined ? { disabled_at: patch.disabled ? (u.disabled_at ?? now()) : null } : {}),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        // A disabled account is signed out everywhere at once (bearer tokens already refuse a disabled account).
        if (patch.disabled === true) await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
        return accountView(updated);
      });
      if (patch.disabled === true) deps.credentialEnded?.({ kind: 'user', userId: id });
      return view;
    },

    /**
     * Set a new password (or generate one, returned once) and end the account's
     * sessions, so whoever knew the old one is signed out.
     */
    async resetPassword(id: string, password?: string): Promise<{ password?: string }> {
      await find(id);
      const pw = password ?? generatePassword();
      const hash = await hashPassword(pw, deps.scrypt ?? OWASP_SCRYPT);
      const sessions = await db.transaction().execute(async (tx) => {
        await tx.updateTable('users').set({ password_hash: hash }).where('id', '=', id).execute();
        return tx.deleteFrom('sessions').where('user_id', '=', id).returning('id').execute();
      });
      // Sockets opened with the old sessions close; API tokens stay valid (they were never the password).
      for (const s of sessions) deps.credentialEnded?.({ kind: 'session', id: s.id });
      return password ? {} : { password: pw };
    },
  };
}
