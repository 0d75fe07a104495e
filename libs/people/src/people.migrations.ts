import type { Migration } from '@fund/event-sourcing';

/** The migration component: the api (sign-ins) and the worker (recipients) both create it. */
export const PEOPLE_COMPONENT = 'read-model:people';

export const PEOPLE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'people who signed in',
    sql: `
CREATE TABLE people (
  user_id text PRIMARY KEY,
  role text NOT NULL,
  organization_id text NOT NULL,
  email text,
  first_sign_in_at timestamptz NOT NULL,
  last_sign_in_at timestamptz NOT NULL,
  active boolean NOT NULL DEFAULT true,
  deactivated_at timestamptz,
  deactivated_by text
);
CREATE INDEX people_active_role_org ON people (role, organization_id) WHERE active;
`,
  },
];
