/**
 * Boundary rules (docs/adr/0001). Domain code stays pure; apps compose libs through their
 * public index only; libs never depend on apps.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'Deciders and events are plain TypeScript: no framework, no database, no HTTP.',
      severity: 'error',
      from: { path: '(\\.decider|\\.events)\\.ts$' },
      to: { path: '(node_modules/(@nestjs|pg|@electric-sql|express|kafkajs|@kurrent))|(/sql/)|(\\.controller|\\.module)\\.ts$' },
    },
    {
      name: 'kernel-is-framework-free',
      comment: 'The event-sourcing kernel must not depend on NestJS, so any host can use it.',
      severity: 'error',
      from: { path: '^libs/event-sourcing/' },
      to: { path: 'node_modules/@nestjs' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-use-lib-public-api',
      comment: 'Apps, tests and benchmarks import a lib through its alias (its index.ts), never a file inside it.',
      severity: 'error',
      from: { path: '^(apps|test|bench)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: '^libs/[^/]+/src/(index|testing/index)\\.ts$' },
    },
    {
      name: 'libs-use-each-others-public-api',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/(index|testing/index)\\.ts$'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'production-code-does-not-use-testing-helpers',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '(\\.spec|\\.int-spec|\\.e2e-spec)\\.ts$|/testing/' },
      to: { path: '/testing/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '(^dist/|^data/)' },
  },
};
