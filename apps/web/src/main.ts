import { addRoute, SIGN_IN, startRouter } from './router.js';
import { renderBalances } from './screens/balances.js';
import { renderCallback } from './screens/callback.js';
import { renderCouncilQueue } from './screens/council-queue.js';
import { renderDonations } from './screens/donations.js';
import { renderLedger } from './screens/ledger.js';
import { renderMyRequests } from './screens/my-requests.js';
import { renderNewRequest } from './screens/new-request.js';
import { renderNotifications } from './screens/notifications.js';
import { renderOverview } from './screens/overview.js';
import { renderPeople } from './screens/people.js';
import { renderAccessLog } from './screens/access-log.js';
import { renderTrialBalance } from './screens/trial-balance.js';
import { renderClosedPeriods } from './screens/closed-periods.js';
import { renderStatements } from './screens/statements.js';
import { renderPayments } from './screens/payments.js';
import { renderProtocols } from './screens/protocols.js';
import { renderFundActivity } from './screens/fund-activity.js';
import { renderReports } from './screens/reports.js';
import { renderRequest } from './screens/request.js';
import { renderSignIn } from './screens/sign-in.js';
import { loadWebConfig } from './web-config.js';
import { CALLBACK_PATH } from './oidc.js';

/** The screens, by path. The role that may open each comes from the token. */
addRoute({ path: SIGN_IN, title: 'Sign in', roles: 'public', render: () => undefined, renderPublic: renderSignIn });
addRoute({ path: CALLBACK_PATH, title: 'Signing in', roles: 'public', render: () => undefined, renderPublic: renderCallback });
addRoute({ path: '/app/requests', title: 'My requests', roles: ['provider'], render: renderMyRequests });
addRoute({ path: '/app/requests/new', title: 'New request', roles: ['provider'], render: renderNewRequest });
addRoute({ path: '/app/requests/:id', title: 'Request', roles: ['provider', 'council', 'coordinator', 'auditor'], render: renderRequest });
addRoute({ path: '/app/council', title: 'Council queue', roles: ['council'], render: renderCouncilQueue });
addRoute({ path: '/app/overview', title: 'Overview', roles: ['coordinator'], render: renderOverview });
addRoute({ path: '/app/payments', title: 'Payments', roles: ['coordinator'], render: renderPayments });
addRoute({ path: '/app/donations', title: 'Donations', roles: ['coordinator'], render: renderDonations });
addRoute({ path: '/app/balances', title: 'Balances', roles: ['coordinator', 'auditor'], render: renderBalances });
addRoute({ path: '/app/protocols', title: 'Protocols', roles: ['council', 'coordinator', 'auditor'], render: renderProtocols });
addRoute({ path: '/app/ledger', title: 'Audit ledger', roles: ['auditor'], render: renderLedger });
addRoute({ path: '/app/people', title: 'People', roles: ['coordinator'], render: renderPeople });
addRoute({ path: '/app/access-log', title: 'Access log', roles: ['auditor', 'coordinator'], render: renderAccessLog });
addRoute({ path: '/app/periods', title: 'Closed periods', roles: ['auditor', 'coordinator'], render: renderClosedPeriods });
addRoute({ path: '/app/trial-balance', title: 'Trial balance', roles: ['auditor', 'coordinator'], render: renderTrialBalance });
addRoute({ path: '/app/statements', title: 'Financial statements', roles: ['coordinator', 'auditor'], render: renderStatements });
addRoute({ path: '/app/notifications', title: 'Notifications', roles: ['provider', 'council', 'coordinator', 'auditor', 'funder'], render: renderNotifications });
addRoute({ path: '/app/reports', title: 'Reports', roles: ['funder', 'coordinator', 'auditor'], render: renderReports });
addRoute({ path: '/app/fund-activity', title: 'Fund activity', roles: ['funder', 'coordinator', 'auditor'], render: renderFundActivity });

// How to sign in (local token or OIDC) decides the first screen and how tokens are read.
await loadWebConfig();
startRouter();
