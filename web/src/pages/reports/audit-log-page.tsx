import type { AuditEventList, AuditEvent } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { invalidField } from '../../components/error-alert';
import { DateField, TextField } from '../../components/form-fields';
import { ListResults } from '../../components/list-results';
import { ReportTable } from '../../components/report-table';
import { Link, navigate, useLocation } from '../../routing';
import { useFilterForm } from '../../url-draft';
import { addressOf, readQuery, trimmedQuery, type QueryState } from '../../url-query';
import './reports.css';

/** The page's state in its address: the same names as the API's parameters. */
const auditFields = [
  'entity_type',
  'action',
  'entity_id',
  'from',
  'to',
  'cursor',
  'limit',
] as const;
type AuditQuery = QueryState<(typeof auditFields)[number]>;

const fieldLabels: Readonly<Record<string, string>> = {
  entity_type: 'Kind of record',
  action: 'Action',
  entity_id: 'Record id',
  from: 'From',
  to: 'To',
  cursor: 'Page',
  limit: 'Page size',
};

/** Where a record of the log lives in the app, when it has a page. */
function recordLink(event: AuditEvent): string | null {
  if (!event.entity_id) return null;
  switch (event.entity_type) {
    case 'invoice':
      return `/invoices/${event.entity_id}`;
    case 'customer':
      return `/customers/${event.entity_id}`;
    default:
      return null;
  }
}

/** What changed, as compact JSON: the fields of `after` that differ from `before`. */
function changeText(event: AuditEvent): string {
  const before = (event.before ?? {}) as Record<string, unknown>;
  const after = (event.after ?? {}) as Record<string, unknown>;
  if (typeof after !== 'object' || after === null) return '';
  const changed = Object.entries(after).filter(
    ([key, value]) => JSON.stringify(before[key]) !== JSON.stringify(value),
  );
  return changed.map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(', ');
}

function AuditFilters({ query, invalid }: { query: AuditQuery; invalid: string | undefined }) {
  const { field, submit } = useFilterForm({
    query,
    invalid,
    onSubmit: (next) => navigate(addressOf('/reports/audit-log', next)),
  });
  return (
    <form className="report-form" onSubmit={submit} aria-label="Find in the audit log">
      <TextField label="Kind of record (invoice, payment, goal…)" {...field('entity_type')} />
      <TextField label="Action (invoice.issued, goal.created…)" {...field('action')} />
      <TextField label="Record id" {...field('entity_id')} />
      <DateField label="From" {...field('from')} />
      <DateField label="To" {...field('to')} />
      <button type="submit">Find</button>
    </form>
  );
}

/**
 * Every write of the organization, newest first: who, when, what and what changed; filtered and
 * paged by the API, with the state in the address. Owners and admins read it (users.manage).
 */
export function AuditLogPage() {
  const location = useLocation();
  const query = readQuery(location.search, auditFields);
  const events = useApiGet<AuditEventList>('/audit-events', {
    ...trimmedQuery(query),
    limit: query.limit.trim() || '50',
  });
  const error = events.state === 'failed' ? events.error : undefined;
  return (
    <>
      <h1>Audit log</h1>
      <AuditFilters key={location.search.toString()} query={query} invalid={invalidField(error)} />
      <ListResults
        list={events}
        what="the audit log"
        noneText="No event matches."
        pathname="/reports/audit-log"
        query={query}
        fieldLabels={fieldLabels}
      >
        {(list) => (
          <ReportTable
            label="Audit log"
            caption="Audit log, newest first"
            columns={['When (UTC)', 'Who', 'Action', 'Record', 'Change']}
          >
            {list.items.map((event) => {
              const link = recordLink(event);
              return (
                <tr key={event.id}>
                  <td>{event.at.slice(0, 19).replace('T', ' ')}</td>
                  <td>{event.actor_name}</td>
                  <td>{event.action}</td>
                  <td>{link ? <Link to={link}>{event.entity_type}</Link> : event.entity_type}</td>
                  <td className="audit-change">{changeText(event)}</td>
                </tr>
              );
            })}
          </ReportTable>
        )}
      </ListResults>
    </>
  );
}
