/**
 * Mints a bearer token for the embedded default (local signing key in DATA_DIR/keys).
 *   npm run token -- --role provider --org org-a --user advocate-1 [--email a@example.org] [--hours 8]
 * The email goes in the token only; the people directory keeps it for notifications.
 */
import { parseArgs } from 'node:util';
import { emailClaim, HUMAN_ROLES, loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import type { Role } from '@fund/event-sourcing';
import { loadConfigOrExit } from '@fund/platform';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      org: { type: 'string' },
      user: { type: 'string' },
      email: { type: 'string' },
      hours: { type: 'string', default: '8' },
    },
  });
  const role = values.role as Role | undefined;
  if (!role || !HUMAN_ROLES.includes(role as (typeof HUMAN_ROLES)[number]) || !values.org || !values.user) {
    console.error(`usage: npm run token -- --role <${HUMAN_ROLES.join('|')}> --org <organization id> --user <user id> [--email <address>] [--hours 8]`);
    process.exit(2);
  }
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) {
    console.error('--hours must be a number between 0 and 720');
    process.exit(2);
  }
  if (values.email !== undefined && !emailClaim(values.email)) {
    console.error('--email must be an email address');
    process.exit(2);
  }
  const config = loadConfigOrExit();
  const key = loadOrCreateLocalSigningKey(config.DATA_DIR);
  console.log(await mintLocalToken(key, { role, organizationId: values.org, userId: values.user }, Math.round(hours * 3600), values.email ? { email: values.email } : {}));
}

void main();
