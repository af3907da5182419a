import { creditNoteRoutes, creditNoteSchemas } from '../invoicing/credit-note.routes.js';
import { invoiceRoutes, invoiceSchemas } from '../invoicing/invoice.routes.js';
import { ledgerRoutes, ledgerSchemas } from '../ledger/ledger.routes.js';
import { paymentRoutes, paymentSchemas } from '../payments/payment.routes.js';
import { agingRoutes, agingSchemas } from '../reports/aging.routes.js';
import { dashboardRoutes, dashboardSchemas } from '../reports/dashboard.routes.js';
import { goalRoutes, goalSchemas } from '../reports/goal.routes.js';
import { kpiRoutes, kpiSchemas } from '../reports/kpi.routes.js';
import { statementRoutes, statementSchemas } from '../reports/statement.routes.js';
import { agencyRoutes, agencySchemas } from '../agency/agency.routes.js';
import { collectionsRoutes, collectionsSchemas } from '../dunning/dunning.routes.js';
import { commitmentRoutes, commitmentSchemas } from '../commitments/commitments.routes.js';
import { creditControlRoutes, creditControlSchemas } from '../customers/credit-limit.routes.js';
import { mailRoutes, mailSchemas } from '../messaging/mail.routes.js';
import { invoiceEmailRoutes } from '../messaging/invoice-email.routes.js';
import { workRoutes, workSchemas } from '../worklist/work.routes.js';
import {
  organizationRoutes,
  organizationSchemas,
  sellerDetailsRoutes,
} from '../auth/organization.routes.js';
import { searchRoutes, searchSchemas } from '../reports/search.routes.js';
import { importRoutes, importSchemas } from '../imports/import.routes.js';
import { bankRoutes, bankSchemas } from '../banking/bank.routes.js';
import { renderingRoutes } from '../rendering/rendering.routes.js';
import type { RouteContext } from '../platform/http/app.js';

/** The document and money routes of /api/v1 (customers and auth are registered beside them). */
export async function apiRoutes(context: RouteContext): Promise<void> {
  await invoiceRoutes(context);
  await creditNoteRoutes(context);
  await paymentRoutes(context);
  await ledgerRoutes(context);
  await agingRoutes(context);
  await kpiRoutes(context);
  await goalRoutes(context);
  await statementRoutes(context);
  await collectionsRoutes(context);
  await mailRoutes(context);
  await invoiceEmailRoutes(context);
  await commitmentRoutes(context);
  await workRoutes(context);
  await agencyRoutes(context);
  await creditControlRoutes(context);
  await organizationRoutes(context);
  await sellerDetailsRoutes(context);
  await searchRoutes(context);
  await dashboardRoutes(context);
  await importRoutes(context);
  await bankRoutes(context);
  await renderingRoutes(context);
}

export const apiSchemas = [
  ...invoiceSchemas,
  ...creditNoteSchemas,
  ...paymentSchemas,
  ...ledgerSchemas,
  ...agingSchemas,
  ...kpiSchemas,
  ...goalSchemas,
  ...statementSchemas,
  ...collectionsSchemas,
  ...mailSchemas,
  ...commitmentSchemas,
  ...workSchemas,
  ...agencySchemas,
  ...creditControlSchemas,
  ...organizationSchemas,
  ...searchSchemas,
  ...dashboardSchemas,
  ...importSchemas,
  ...bankSchemas,
];
