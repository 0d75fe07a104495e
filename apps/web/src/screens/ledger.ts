import { download, get, query } from '../api.js';
import { h, replace, scrollTable } from '../dom.js';
import { FieldProblem, Form, input } from '../forms.js';
import { dateTime, label, money } from '../format.js';
import type { ScreenContext } from '../router.js';
import type { LedgerEntry, LedgerPage, LedgerVerification } from '../types.js';
import { emptyState, pageHeading } from '../ui.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `effective`: days on which money or goods moved (list and export); otherwise recorded days (verify). */
function periodFields(
  form: Form,
  required: boolean,
  basis: 'effective' | 'recorded' = 'effective',
): { from: HTMLInputElement; to: HTMLInputElement; elements: HTMLElement[]; values(): { from?: string; to?: string } } {
  const from = input({ type: 'date' });
  const to = input({ type: 'date' });
  const what = basis === 'effective' ? 'effective date' : 'recorded day';
  return {
    from,
    to,
    elements: [
      form.field(from, { name: 'from', label: `From (${what}, included)`, required, className: 'inline-field' }),
      form.field(to, { name: 'to', label: `To (${what}, included)`, required, className: 'inline-field' }),
    ],
    values() {
      if (from.value && !DAY.test(from.value)) throw new FieldProblem('from', 'Enter a day like 2026-10-01');
      if (to.value && !DAY.test(to.value)) throw new FieldProblem('to', 'Enter a day like 2026-12-31');
      return { from: from.value || undefined, to: to.value || undefined };
    },
  };
}

/** Fund, account and request filters, shared by browsing and exporting. */
function scopeFields(form: Form): { elements: HTMLElement[]; values(): { fundId?: string; account?: string; requestId?: string } } {
  const fund = input({ autocomplete: 'off', placeholder: 'general', class: 'medium' });
  const account = input({ autocomplete: 'off', placeholder: 'cash:general', class: 'medium' });
  const request = input({ autocomplete: 'off', placeholder: 'request id', class: 'medium', spellcheck: false });
  return {
    elements: [
      form.field(fund, { name: 'fundId', label: 'Fund id', className: 'inline-field' }),
      form.field(account, { name: 'account', label: 'Account', className: 'inline-field' }),
      form.field(request, { name: 'requestId', label: 'Request id', className: 'inline-field' }),
    ],
    values() {
      const requestId = request.value.trim();
      if (requestId && !UUID.test(requestId)) throw new FieldProblem('requestId', 'Enter a request id as shown on the request (a UUID)');
      return { fundId: fund.value.trim() || undefined, account: account.value.trim() || undefined, requestId: requestId || undefined };
    },
  };
}

/** The business records of an entry, each named, so a sampled line leads to its request, payment or card. */
function references(entry: LedgerEntry): (string | HTMLElement)[] {
  const r = entry.references;
  const parts: [string, string | null][] = [
    ['request', r.requestId],
    ['payment', r.disbursementId],
    ['donation', r.donationId],
    ['item', r.itemId],
    ['serials', r.serials ? r.serials.join(' ') : null],
    ['payee', r.payeeId],
    [r.paymentReference ? r.paymentReference.kind.replace(/_/g, ' ') : 'reference', r.paymentReference?.value ?? null],
  ];
  return parts.filter(([, v]) => v).map(([k, v]) => h('div', { class: 'reference' }, `${k} `, h('code', null, v ?? '')));
}

function ledgerRows(entries: readonly LedgerEntry[]): HTMLTableRowElement[] {
  return entries.flatMap((entry, n) =>
    entry.lines.map((line, i) =>
      h(
        'tr',
        { class: n % 2 ? 'entry-odd' : 'entry-even' },
        i === 0 ? h('th', { scope: 'row' }, String(entry.seq)) : h('td', { class: 'continued' }, h('span', { class: 'visually-hidden' }, `entry ${entry.seq}, continued`)),
        h(
          'td',
          null,
          i === 0
            ? [
                entry.effectiveDate,
                entry.effectiveDateSource === 'recorded' ? h('div', { class: 'hint' }, 'recorded day (no other date stated)') : null,
                h('div', { class: 'hint' }, `recorded ${dateTime(entry.occurredAt)}`),
              ]
            : '',
        ),
        h('td', null, i === 0 ? [entry.label, h('div', { class: 'hint' }, h('code', null, entry.eventType))] : ''),
        h('td', null, i === 0 ? [entry.fundId ?? '', entry.category ? ` ${label('category', entry.category)}` : ''] : ''),
        h('td', null, i === 0 ? references(entry) : ''),
        h('td', { class: 'account' }, line.accountLabel, h('div', { class: 'hint' }, h('code', null, line.account))),
        h('td', { class: 'num' }, line.debitCents ? money(line.debitCents) : ''),
        h('td', { class: 'num' }, line.creditCents ? money(line.creditCents) : ''),
        h(
          'td',
          null,
          i === 0
            ? [`${entry.actorRole}, ${entry.actorOrganizationId}`, h('div', { class: 'hint' }, entry.actorUserId, entry.protocolVersion ? ` · protocol ${entry.protocolVersion}` : '')]
            : '',
        ),
      ),
    ),
  );
}

/** Auditor home: the ledger by effective date with filters, its verification, and the CSV and XLSX exports. */
export function renderLedger({ main }: ScreenContext): void {
  // Verify.
  const verifyResult = h('div', { class: 'verify-result', role: 'status', 'aria-live': 'polite' });
  const verify = new Form({
    title: 'Verify the ledger',
    submitLabel: 'Verify',
    busyLabel: 'Verifying…',
    onSubmit: async () => {
      const period = verifyPeriod.values();
      const v = await get<LedgerVerification>(`/ledger/verify${query(period)}`);
      const scope = v.from || v.to ? `from ${v.from ?? 'the start'} to ${v.to ?? 'today'}` : 'the whole ledger';
      verifyResult.className = `verify-result ${v.ok ? 'pass' : 'fail'}`;
      replace(
        verifyResult,
        h('p', { class: 'verdict' }, v.ok ? '✓ Pass' : '✗ FAIL'),
        h(
          'p',
          null,
          v.ok
            ? `The hash chain is intact and debits equal credits for ${scope}: ${v.entries} entries, ${money(v.totalDebitCents)} debited and credited.`
            : v.firstBroken
              ? `Entry ${v.firstBroken.seq} is broken (${v.firstBroken.reason.replace(/_/g, ' ')}; event ${v.firstBroken.eventId}). ${v.entries} entries checked for ${scope}.`
              : `Debits (${money(v.totalDebitCents)}) and credits (${money(v.totalCreditCents)}) differ for ${scope}.`,
        ),
        v.lastSeq !== null ? h('p', { class: 'hint' }, `Last entry checked: ${v.lastSeq}, hash `, h('code', { class: 'hash' }, v.lastHash ?? ''), `. Checked ${dateTime(v.checkedAt)}.`) : null,
      );
    },
  });
  const verifyPeriod = periodFields(verify, false, 'recorded');
  verify.body.append(h('div', { class: 'row' }, verifyPeriod.elements), h('p', { class: 'hint' }, 'Leave both empty to verify the whole ledger.'));

  // Export.
  const exportResult = h('div', { class: 'download-result' });
  const format = h(
    'select',
    { name: 'format' },
    h('option', { value: 'xlsx' }, 'Workbook (XLSX): About sheet, prints landscape'),
    h('option', { value: 'csv' }, 'CSV: one table, one header row'),
  );
  const exporter = new Form({
    title: 'Export the ledger',
    submitLabel: 'Download',
    busyLabel: 'Preparing…',
    onSubmit: async () => {
      const period = exportPeriod.values();
      const ext = format.value === 'csv' ? 'csv' : 'xlsx';
      const file = await download(`/ledger/export.${ext}${query({ ...period, ...exportScope.values() })}`, `ledger-${period.from ?? ''}-${period.to ?? ''}.${ext}`);
      replace(exportResult, h('p', null, 'If the download did not start: ', h('a', { href: file.url, download: file.filename }, `save ${file.filename}`), ` (${Math.ceil(file.bytes / 1024)} KB).`));
      return `Downloaded ${file.filename}.`;
    },
  });
  const exportPeriod = periodFields(exporter, true);
  const exportScope = scopeFields(exporter);
  exporter.body.append(
    h('div', { class: 'row' }, exportPeriod.elements),
    h('div', { class: 'row' }, exportScope.elements),
    exporter.field(format, { name: 'format', label: 'Format', required: true }),
    h('p', { class: 'hint' }, 'The filters, the time it was made and the head of the hash chain are on the workbook\'s About sheet, and in the CSV download\'s response headers.'),
  );
  exporter.element.append(exportResult);

  // Browse.
  const results = h('div', { class: 'ledger-results' });
  const limit = input({ type: 'number', min: 1, max: 1000, value: 100, class: 'short' });
  let tbody: HTMLTableSectionElement | null = null;
  let more: HTMLButtonElement | null = null;
  const fetchPage = async (after?: number): Promise<LedgerPage> => {
    const period = browsePeriod.values();
    return get<LedgerPage>(`/ledger${query({ ...period, ...browseScope.values(), limit: limit.value, after })}`);
  };
  const showMore = (page: LedgerPage): void => {
    more?.remove();
    more = null;
    if (page.nextAfter === null || page.entries.length === 0) return;
    const next = page.nextAfter;
    more = h('button', { type: 'button' }, 'Show more entries');
    more.addEventListener('click', () => {
      if (!more) return;
      more.disabled = true;
      void fetchPage(next)
        .then((p) => {
          tbody?.append(...ledgerRows(p.entries));
          showMore(p);
        })
        .catch((error: unknown) => browse.showErrors(error instanceof Error ? error.message : String(error), []));
    });
    results.append(more);
  };
  const browse = new Form({
    title: 'Browse the ledger',
    submitLabel: 'Show entries',
    busyLabel: 'Loading…',
    onSubmit: async () => {
      const page = await fetchPage();
      if (page.entries.length === 0) {
        replace(results, emptyState('No ledger entries match.'));
        return 'No entries match.';
      }
      tbody = h('tbody', null, ledgerRows(page.entries));
      replace(
        results,
        scrollTable(
          'Ledger entries',
          h(
            'table',
            { class: 'ledger' },
            h('caption', null, 'Journal entries in order; each line debits or credits one account'),
            h('thead', null, h('tr', null, ['Entry', 'Effective date', 'What', 'Fund / category', 'Records', 'Account', 'Debit', 'Credit', 'By'].map((t) => h('th', { scope: 'col' }, t)))),
            tbody,
          ),
        ),
      );
      showMore(page);
      return `${page.entries.length} entries shown.`;
    },
  });
  const browsePeriod = periodFields(browse, false);
  const browseScope = scopeFields(browse);
  browse.body.append(
    h('div', { class: 'row' }, browsePeriod.elements, browseScope.elements, browse.field(limit, { name: 'limit', label: 'Entries per page', className: 'inline-field' })),
  );

  main.append(
    ...pageHeading('Audit ledger', 'The double-entry journal of every money and stock movement, hash-chained. Reading and exporting it is recorded in the access log.'),
    h('div', { class: 'two-columns' }, h('section', { 'aria-labelledby': 'verify-h', class: 'panel' }, h('h2', { id: 'verify-h' }, 'Verify'), verify.element, verifyResult), h('section', { 'aria-labelledby': 'export-h', class: 'panel' }, h('h2', { id: 'export-h' }, 'Export'), exporter.element)),
    h('section', { 'aria-labelledby': 'browse-h' }, h('h2', { id: 'browse-h' }, 'Entries'), browse.element, results),
  );
}
