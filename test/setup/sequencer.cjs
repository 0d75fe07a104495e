/**
 * Longest files first, so that no worker is left running a long file alone at the end of a run.
 *
 * Jest orders by the durations it cached on the last run in the same folder, and by file size
 * without them: a fresh clone (CI) or a new worktree has no cache, and by size a 48 s suite ran
 * last while the other worker idled. Below are the seconds each file took in a full run on two
 * cores (npm test, 2026-12-07 on a fresh machine, 161 files, 690 s; files under 6 s left out):
 * files with a cached duration use it; the others listed here come first, longest first; the
 * rest follow by size. A stale figure only costs speed.
 */
const { relative, sep } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const SECONDS = {
  'test/web/web.e2e-spec.ts': 80,
  'test/web/browser-defects.e2e-spec.ts': 68,
  'test/web/read-your-writes.e2e-spec.ts': 53,
  'test/web/first-ten-minutes.e2e-spec.ts': 37,
  'test/web/everyday-screens.e2e-spec.ts': 32,
  'test/web/statements.e2e-spec.ts': 30,
  'libs/messaging/src/kafka-relay.outage.int-spec.ts': 29,
  'libs/privacy/src/narrative-vault.spec.ts': 27,
  'libs/reporting/src/linked-suppression.spec.ts': 27,
  'apps/worker/src/rebuild-threads.int-spec.ts': 27,
  'libs/reporting/src/reports.attacker.int-spec.ts': 24,
  'libs/messaging/src/kafka-relay.crash.int-spec.ts': 23,
  'test/web/period-close.e2e-spec.ts': 23,
  'test/hostile-bodies.e2e-spec.ts': 22,
  'test/web/protocol-foresight.e2e-spec.ts': 21,
  'test/leak-scan.e2e-spec.ts': 20,
  'test/hot-fund.e2e-spec.ts': 18,
  'test/access-rules.e2e-spec.ts': 18,
  'test/ledger-and-reports.e2e-spec.ts': 18,
  'test/web/oidc.e2e-spec.ts': 18,
  'test/crash-under-load.e2e-spec.ts': 18,
  'libs/reporting/src/reports.spec.ts': 17,
  'libs/reporting/src/reporting.projection.spec.ts': 16,
  'test/write-fuzz.e2e-spec.ts': 16,
  'test/projection-crash.e2e-spec.ts': 16,
  'libs/reporting/src/exports/print.int-spec.ts': 15,
  'libs/messaging/src/kafka-relay.int-spec.ts': 15,
  'libs/request-views/src/follow-up-queues/follow-up-queues.api.spec.ts': 14,
  'libs/audit-ledger/src/ledger.upcast.spec.ts': 14,
  'libs/audit-ledger/src/statements/statements.tie-out.spec.ts': 13,
  'libs/audit-ledger/src/audit-ledger.api.spec.ts': 13,
  'libs/reporting/src/reporting.api.spec.ts': 12,
  'test/idempotency.e2e-spec.ts': 12,
  'libs/platform/src/consistency/consistency.api.spec.ts': 12,
  'libs/audit-ledger/src/statements/statements.api.spec.ts': 11,
  'test/fund-request-life.e2e-spec.ts': 11,
  'libs/notifications/src/notifications.int-spec.ts': 11,
  'libs/fund-requests/src/fund-requests.api.spec.ts': 11,
  'test/web/documents.e2e-spec.ts': 11,
  'libs/notifications/src/notifications-crash.int-spec.ts': 11,
  'libs/reporting/src/reporting.projection.batching.spec.ts': 11,
  'libs/audit-ledger/src/evidence-pack/evidence-pack.sampling.api.spec.ts': 10,
  'libs/funds/src/pacing/read-pacing.spec.ts': 10,
  'libs/request-views/src/coordinator-overview/coordinator-overview.api.spec.ts': 10,
  'libs/event-sourcing/src/subscriptions/rebuild-together.spec.ts': 10,
  'libs/protocol-foresight/src/replay.int-spec.ts': 9,
  'libs/event-sourcing/src/kurrentdb/kurrentdb-event-store.spec.ts': 9,
  'libs/event-sourcing/src/sql/pglite-database.spec.ts': 9,
  'libs/request-views/src/protocol-versions/protocol-versions.api.spec.ts': 9,
  'libs/funds/src/fund-restrictions.api.spec.ts': 9,
  'libs/reporting/src/reports.grant-release.spec.ts': 9,
  'libs/protocols/src/protocols.api.spec.ts': 9,
  'libs/event-sourcing/src/sql/sql-event-store.int-spec.ts': 9,
  'libs/event-sourcing/src/kurrentdb/migrate-events.spec.ts': 9,
  'libs/audit-ledger/src/ledger.projection.spec.ts': 8,
  'libs/audit-ledger/src/ledger.verify.spec.ts': 8,
  'test/identifiers-in-text.e2e-spec.ts': 8,
  'libs/donations/src/donations.api.spec.ts': 8,
  'libs/documents/src/documents.api.spec.ts': 8,
  'libs/audit-ledger/src/ledger.projection.batching.spec.ts': 8,
  'libs/reporting/src/reports.first-payment.spec.ts': 8,
  'libs/fund-requests/src/narrative/narrative-retention.api.spec.ts': 8,
  'libs/funds/src/funds.api.spec.ts': 8,
  'libs/protocol-foresight/src/protocol-foresight.api.spec.ts': 8,
  'libs/event-sourcing/src/command-timing.spec.ts': 7,
  'libs/event-sourcing/src/stream-state-cache.spec.ts': 7,
  'libs/funds/src/payees/payees.api.spec.ts': 7,
  'test/existence.e2e-spec.ts': 7,
  'libs/request-views/src/request-views.api.spec.ts': 7,
  'libs/fund-requests/src/fund-requests.concurrency.int-spec.ts': 7,
  'libs/inventory/src/inventory.api.spec.ts': 7,
  'test/openapi-contract.e2e-spec.ts': 6,
};

class LongestFirst extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests); // sets test.duration from the cache where there is one
    const seconds = (test) => {
      if (test.duration != null) return test.duration / 1000;
      return SECONDS[relative(test.context.config.rootDir, test.path).split(sep).join('/')];
    };
    const timed = ordered.filter((t) => seconds(t) !== undefined).sort((a, b) => seconds(b) - seconds(a));
    return [...timed, ...ordered.filter((t) => seconds(t) === undefined)];
  }
}

module.exports = LongestFirst;
