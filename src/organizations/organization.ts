import { AppError } from '../core/errors.js';
import { limits } from '../core/limits.js';

/** What an organization may change about itself, checked. */
export interface OrganizationChanges {
  readonly name?: string | undefined;
  readonly timeZone?: string | undefined;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The name as it will be stored. Codes: organization_name_required, text_too_long. */
export function checkedOrganizationName(value: string): string {
  const name = value.trim();
  if (!name)
    throw new AppError(
      'invalid',
      'organization_name_required',
      'The organization needs a name.',
      'name',
    );
  if (name.length > limits.textLengthMax)
    throw new AppError(
      'invalid',
      'text_too_long',
      `At most ${limits.textLengthMax} characters.`,
      'name',
    );
  return name;
}

/** An IANA time zone such as Europe/Paris. Codes: time_zone_invalid. */
export function checkedTimeZone(value: string): string {
  const zone = value.trim();
  if (!zone || !isTimeZone(zone))
    throw new AppError(
      'invalid',
      'time_zone_invalid',
      `"${value}" is not a time zone such as Europe/Paris.`,
      'time_zone',
    );
  // Stored as Intl spells it ("europe/paris" is Europe/Paris), so that it reads the same everywhere.
  return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
}
