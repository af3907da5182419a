import { apiUrl, type QueryParams } from '../../api/client';
import type { Aging } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { EmptyBook } from '../../components/empty-book';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { Loading } from '../../components/loading';
import { navigate, useLocation } from '../../routing';
import { addressOf, readQuery } from '../../url-query';
import { AgingForm } from './aging-form';
import { AgingItemsTable } from './aging-items-table';
import { agingFieldLabels, agingFields, agingParams } from './aging-query';
import { AgingSummaryTable } from './aging-summary-table';

const basisNames = { due: 'days past due', issue: 'days since issue' } as const;

function AgingReport({ aging, asOfGiven }: { aging: Aging; asOfGiven: boolean }) {
  return (
    <>
      <p className="report-heading" data-testid="aging-as-of">
        As of <strong>{aging.as_of}</strong>
        {asOfGiven ? '' : ' (today)'}, by {basisNames[aging.basis]}
      </p>
      {aging.currencies.length === 0 && (
        <>
          <p>Nothing is owed and nobody is in credit as of this date.</p>
          <EmptyBook />
        </>
      )}
      {aging.currencies.map((section) => (
        <section key={section.currency}>
          <AgingSummaryTable aging={aging} section={section} />
          {aging.items && (
            <AgingItemsTable
              currency={section.currency}
              items={aging.items.filter((item) => item.currency === section.currency)}
            />
          )}
        </section>
      ))}
    </>
  );
}

/**
 * The files of the report on the page: the same parameters, with the date the API used, so that
 * a download after midnight is still the report that was shown.
 */
function Downloads({ params }: { params: QueryParams }) {
  return (
    <p className="downloads">
      <a href={apiUrl('/reports/aging.csv', params)} download>
        Download CSV
      </a>
      <a href={apiUrl('/reports/aging.pdf', params)} download>
        Download PDF
      </a>
    </p>
  );
}

/**
 * The aging as of a date: what was issued on or before it less what was applied on or before
 * it, aged to that same date. The state is the address, so a link reloads the same report.
 */
export function AgingPage() {
  const location = useLocation();
  const query = readQuery(location.search, agingFields);
  const params = agingParams(query);
  const aging = useApiGet<Aging>('/reports/aging', params);
  const error = aging.state === 'failed' ? aging.error : undefined;
  return (
    <>
      <h1>Aging</h1>
      {/* Remounted when the address changes (back, forward, a link), so the form shows it. */}
      <AgingForm
        key={location.search.toString()}
        query={query}
        invalidField={invalidField(error)}
        onSubmit={(next) => navigate(addressOf('/aging', next))}
      />
      {aging.state === 'loading' && <Loading what="the aging" />}
      {error && <ErrorAlert error={error} fieldLabels={agingFieldLabels} />}
      {aging.state === 'loaded' && (
        <>
          <Downloads params={{ ...params, as_of: aging.data.as_of }} />
          <AgingReport aging={aging.data} asOfGiven={query.as_of.trim() !== ''} />
        </>
      )}
    </>
  );
}
