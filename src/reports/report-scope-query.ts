import { Type } from '@sinclair/typebox';
import { Currency, Id, ref } from '../platform/http/schemas.js';

/** What a report may be narrowed to; resolveScope checks the references. */
export const ReportScopeQuery = {
  customer_id: Type.Optional(ref(Id)),
  customer_ref: Type.Optional(Type.String({ maxLength: 64 })),
  collector_id: Type.Optional(ref(Id)),
  tag: Type.Optional(Type.String({ maxLength: 64 })),
  currency: Type.Optional(ref(Currency)),
};
