// perm.js — what the signed-in role may do, mirroring the server's role → permission matrix
// (src/core/perm.c). It only hides what cannot be used: the API refuses it anyway.
import { session } from './api.js';

const WRITE = ['admin', 'office', 'unit', 'partner'];
const OFFICE = ['admin', 'office'];

/** 1 when the signed-in account holds perm ("read", "write", "office", "export", "admin"). */
export function can(perm) {
  const u = session.user;
  if (!u) return false;
  switch (perm) {
    case 'public': case 'self': case 'read': return true;
    case 'write': return WRITE.includes(u.role);
    case 'office': return OFFICE.includes(u.role);
    case 'export': return u.role === 'admin' || !!u.can_export;
    case 'admin': return u.role === 'admin';
    default: return false;
  }
}
