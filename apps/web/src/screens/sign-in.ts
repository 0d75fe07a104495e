import { ApiError, get } from '../api.js';
import { announce, h } from '../dom.js';
import { FieldProblem, Form, textarea } from '../forms.js';
import { label } from '../format.js';
import { OIDC_ENABLED } from '../oidc.js';
import { homeOf, navigate } from '../router.js';
import { saveSession, sessionFromToken, signOut } from '../session.js';
import { pageHeading } from '../ui.js';

/**
 * Sign-in for the embedded default: paste a bearer token. The token is checked against the
 * api before it is kept (in sessionStorage, for this tab only).
 */
export function renderSignIn(main: HTMLElement, query: URLSearchParams): void {
  const token = textarea({ rows: 5, autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', class: 'token' });
  const form = new Form({
    title: 'Sign in with a token',
    submitLabel: 'Sign in',
    busyLabel: 'Checking…',
    onSubmit: async () => {
      const session = sessionFromToken(token.value);
      if (typeof session === 'string') throw new FieldProblem('token', session);
      saveSession(session);
      try {
        // Every role may read the protocol in force: a cheap check that the api accepts the token.
        await get('/protocols/current');
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 0)) {
          signOut();
          throw error.status === 401 ? new FieldProblem('token', 'The service did not accept this token (wrong key, expired or revoked); mint a new one') : error;
        }
        // 404 (no protocol adopted yet) and the like: the token itself was accepted.
      }
      token.value = '';
      announce(`Signed in as ${session.userId}, ${label('role', session.role)}`);
      const next = query.get('next');
      navigate(next && next.startsWith('/app/') && next !== '/app/sign-in' ? next : homeOf(session.role), true);
    },
  });
  form.body.append(
    form.field(token, {
      name: 'token',
      label: 'Your token',
      required: true,
      hint: 'Paste the whole token. It is kept in this browser tab only and forgotten when you close the tab or sign out.',
    }),
  );

  main.append(
    ...pageHeading('Sign in', 'Survivor Support Fund: requests, council decisions, payments, audit and reports.'),
    form.element,
    h(
      'section',
      { class: 'help', 'aria-labelledby': 'get-token' },
      h('h2', { id: 'get-token' }, 'Getting a token'),
      h('p', null, 'On this installation (the embedded default) the fund’s administrator mints a token on the server for each person, with their role, organization and user id:'),
      h('pre', null, h('code', null, 'npm run token -- --role provider --org ssac-portland --user adv-portland')),
      h('p', null, 'Roles are provider, council, coordinator, auditor and funder. A token lasts 8 hours unless minted with --hours.'),
      OIDC_ENABLED ? null : h('p', { class: 'hint' }, 'Single sign-on with your organization’s account is not set up yet.'),
    ),
  );
}
