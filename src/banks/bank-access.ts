import type { Principal } from '../auth/auth-service.ts';

/**
 * Who may do what with a bank. Pure: the repository supplies the bank row and
 * the caller's membership. Students have no accounts here and never reach banks.
 */
export type BankAccess = 'owner' | 'editor' | 'reviewer' | 'viewer' | 'reader';

export interface BankAccessInput {
  ownerId: string | null;
  visibility: 'private' | 'unit' | 'public';
  regionCode: string | null;
  memberRole: 'editor' | 'viewer' | 'reviewer' | null;
}

export function bankAccess(p: Principal, bank: BankAccessInput): BankAccess | null {
  if (p.role === 'admin') return 'owner';
  if (bank.ownerId === p.userId) return 'owner';
  if (bank.memberRole) return bank.memberRole;
  if (bank.visibility === 'public') return 'reader';
  if (bank.visibility === 'unit' && bank.regionCode !== null && bank.regionCode === p.regionCode) return 'reader';
  return null;
}

export const canRead = (a: BankAccess | null): a is BankAccess => a !== null;
export const canEdit = (a: BankAccess | null) => a === 'owner' || a === 'editor';
export const canManage = (a: BankAccess | null) => a === 'owner';
export const canReview = (a: BankAccess | null) => a === 'owner' || a === 'reviewer';
/** Officials read and report; they do not author. */
export const mayAuthor = (p: Principal) => p.role === 'admin' || p.role === 'teacher';
