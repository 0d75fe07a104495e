/**
 * Longest files first, so that no worker is left running a long file alone at the end of a run.
 *
 * Jest orders by the durations it cached on the last run in the same folder, and by file size
 * without them: a fresh clone (CI) or a new worktree has no cache, and by size a 48 s suite ran
 * last while the other worker idled. Below are the seconds each file took in a full run on two
 * cores (npm test, 2026-12-07, 145 files, 870 s): files with a cached duration use it; the others
 * listed here come first, longest first; the rest follow by size. A stale figure only costs speed.
 */
const { relative, sep } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const SECONDS = {
  'test/web/web.e2e-spec.ts': 121,
  'test/web/browser-defects.e2e-spec.ts': 97,
  'test/web/read-your-writes.e2e-spec.ts': 66,
  'libs/reporting/src/reports.attacker.int-spec.ts': 57,
  'libs/messaging/src/kafka-relay.outage.int-spec.ts': 51,
  'libs/reporting/src/linked-suppression.spec.ts': 50,
  'libs/event-sourcing/src/sql/sql-event-store.int-spec.ts': 48,
  'libs/messaging/src/kafka-relay.int-spec.ts': 48,
  'test/hostile-bodies.e2e-spec.ts': 40,
  'test/access-rules.e2e-spec.ts': 38,
  'test/crash-under-load.e2e-spec.ts': 36,
  'test/projection-crash.e2e-spec.ts': 34,
  'test/web/everyday-screens.e2e-spec.ts': 32,
  'test/web/first-ten-minutes.e2e-spec.ts': 29,
  'test/web/period-close.e2e-spec.ts': 28,
  'libs/messaging/src/kafka-relay.crash.int-spec.ts': 27,
  'libs/event-sourcing/src/subscriptions/ignored-events.spec.ts': 27,
  'test/web/statements.e2e-spec.ts': 25,
  'libs/event-sourcing/src/stream-state-cache.spec.ts': 24,
  'libs/protocol-foresight/src/replay.int-spec.ts': 24,
  'libs/event-sourcing/src/sql/pglite-database.spec.ts': 23,
  'test/web/oidc.e2e-spec.ts': 21,
  'libs/audit-ledger/src/statements/statements.tie-out.spec.ts': 21,
  'libs/protocol-foresight/src/protocol-foresight.api.spec.ts': 21,
  'test/write-fuzz.e2e-spec.ts': 20,
  'libs/privacy/src/narrative-vault.spec.ts': 20,
  'libs/reporting/src/reports.spec.ts': 20,
  'test/health.e2e-spec.ts': 18,
  'libs/reporting/src/reporting.api.spec.ts': 17,
  'test/web/documents.e2e-spec.ts': 17,
  'libs/fund-requests/src/narrative/narrative-retention.api.spec.ts': 17,
  'test/ledger-and-reports.e2e-spec.ts': 16,
  'libs/reporting/src/exports/print.int-spec.ts': 16,
  'test/web/protocol-foresight.e2e-spec.ts': 15,
  'libs/reporting/src/reporting.projection.batching.spec.ts': 15,
  'libs/funds/src/payees/payees.api.spec.ts': 15,
  'test/existence.e2e-spec.ts': 15,
  'test/leak-scan.e2e-spec.ts': 14,
  'libs/messaging/src/kafka-relay.facts.int-spec.ts': 13,
  'libs/audit-ledger/src/evidence-pack/evidence-pack.sampling.api.spec.ts': 13,
  'libs/platform/src/subscriptions.module.spec.ts': 13,
  'libs/audit-ledger/src/ledger.posting-scheme.spec.ts': 12,
  'libs/event-sourcing/src/unit-of-work.spec.ts': 12,
  'libs/fund-requests/src/record-disbursement/paid-in-closed-period.api.spec.ts': 12,
  'test/fund-request-life.e2e-spec.ts': 11,
  'libs/request-views/src/coordinator-overview/coordinator-overview.api.spec.ts': 10,
  'test/idempotency.e2e-spec.ts': 10,
  'libs/event-sourcing/src/subscriptions/rebuild-together.spec.ts': 10,
  'libs/event-sourcing/src/handle-command.spec.ts': 10,
  'test/openapi-contract.e2e-spec.ts': 9,
  'libs/organizations/src/organizations.api.spec.ts': 9,
  'libs/audit-ledger/src/closed-periods/period-close.api.spec.ts': 9,
  'libs/fund-requests/src/fund-restrictions.concurrency.int-spec.ts': 9,
  'test/identifiers-in-text.e2e-spec.ts': 9,
  'libs/audit-ledger/src/ledger.verify.spec.ts': 8,
  'libs/platform/src/consistency/consistency.api.spec.ts': 8,
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
