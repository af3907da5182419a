import { createHash, randomBytes } from 'node:crypto';

/**
 * API tokens and session tokens are 256-bit random secrets shown once and stored only as their
 * SHA-256: unlike passwords they cannot be guessed, so a slow hash adds nothing.
 */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export const apiTokenPrefix = 'stl_';
export const sessionTokenPrefix = 'sts_';

const emailPattern = /^[^\s@]+@[^\s@]+$/;

export function normalizeEmail(email: string): string | null {
  const trimmed = email.trim().toLowerCase();
  return emailPattern.test(trimmed) && trimmed.length <= 320 ? trimmed : null;
}

export const passwordLengthMin = 12;
