import { ApiError, get } from '../api.js';
import { announce, h } from '../dom.js';
import { FieldProblem, Form, textarea } from '../forms.js';
import { label } from '../format.js';
import { safeNext, startSignIn } from '../oidc.js';
import { homeOf, navigate } from '../router.js';
import { saveSession, sessionFromToken, signOut, type Session } from '../session.js';
import { pageHeading, PageStatus } from '../ui.js';
import { webAuth } from '../web-config.js';

/** Keeps the session only if the api accepts its token; every role may read the protocol in force. */
export async function acceptedByApi(session: Session): Promise<void> {
  saveSession(session);
  try {
    await get('/protocols/current');
  } catch (error) {
    // 404 (no protocol adopted yet) and the like: the token itself was accepted.
    if (error instanceof ApiError && (error.status === 401 || error.status === 0)) {
      signOut();
      throw error;
    }
  }
}

export function signedIn(session: Session, next: string | null): void {
  announce(`Signed in as ${session.userId}, ${label('role', session.role)}`);
  navigate(safeNext(next) ?? homeOf(session.role), true);
}

/**
 * Sign-in. With OIDC: a button that goes to the identity provider. In the embedded default:
 * paste a bearer token, checked against the api before it is kept (sessionStorage, this tab).
 */
export function renderSignIn(main: HTMLElement, query: URLSearchParams): void {
  const lead = 'Survivor Support Fund: requests, council decisions, payments, audit and reports.';
  const auth = webAuth();
  if (auth.mode === 'oidc') {
    const status = new PageStatus();
    const button = h('button', { type: 'button', class: 'primary' }, 'Sign in with your organization’s account');
    button.addEventListener('click', () => {
      button.disabled = true;
      status.clear();
      void startSignIn(query.get('next')).catch((error: unknown) => {
        button.disabled = false;
        status.error(error);
      });
    });
    main.append(
      ...pageHeading('Sign in', lead),
      status.element,
      h('p', null, 'You sign in at your organization’s identity provider and come back here. Your role and organization come from it.'),
      h('div', { class: 'actions' }, button),
      h('p', { class: 'hint' }, 'The sign-in is kept in this browser tab only and forgotten when you close the tab or sign out.'),
    );
    return;
  }

  const token = textarea({ rows: 5, autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', class: 'token' });
  const form = new Form({
    title: 'Sign in with a token',
    submitLabel: 'Sign in',
    busyLabel: 'Checking…',
    onSubmit: async () => {
      const session = sessionFromToken(token.value);
      if (typeof session === 'string') throw new FieldProblem('token', session);
      try {
        await acceptedByApi(session);
      } catch (error) {
        throw error instanceof ApiError && error.status === 401 ? new FieldProblem('token', 'The service did not accept this token (wrong key, expired or revoked); mint a new one') : error;
      }
      token.value = '';
      signedIn(session, query.get('next'));
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
    ...pageHeading('Sign in', lead),
    form.element,
    h(
      'section',
      { class: 'help', 'aria-labelledby': 'get-token' },
      h('h2', { id: 'get-token' }, 'Getting a token'),
      h('p', null, 'On this installation (the embedded default) the fund’s administrator mints a token on the server for each person, with their role, organization and user id:'),
      h('pre', null, h('code', null, 'npm run token -- --role provider --org ssac-portland --user adv-portland')),
      h('p', null, 'Roles are provider, council, coordinator, auditor and funder. A token lasts 8 hours unless minted with --hours.'),
      h('p', { class: 'hint' }, 'In production the api runs with AUTH_MODE=oidc and this page signs you in with your organization’s account instead.'),
    ),
  );
}
