import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { completeSignIn, SignInError } from '../oidc.js';
import { SIGN_IN } from '../router.js';
import { sessionFromToken } from '../session.js';
import { pageHeading } from '../ui.js';
import { acceptedByApi, signedIn } from './sign-in.js';

/** Back from the identity provider: finish the code flow, keep the token, go where the user was going. */
export async function renderCallback(main: HTMLElement, query: URLSearchParams): Promise<void> {
  // The code and state are single-use; keep them out of the history and the address bar.
  history.replaceState(null, '', location.pathname);
  main.append(...pageHeading('Signing in…'));
  try {
    const { accessToken, next } = await completeSignIn(query);
    const session = sessionFromToken(accessToken);
    if (typeof session === 'string') throw new SignInError(`The identity provider’s token cannot be used here: ${session}.`);
    try {
      await acceptedByApi(session);
    } catch (error) {
      throw error instanceof ApiError && error.status === 401 ? new SignInError(`The service did not accept the token from the identity provider (${error.code}). Ask the fund’s administrator to check the sign-in settings.`) : error;
    }
    signedIn(session, next);
  } catch (error) {
    main.replaceChildren(
      ...pageHeading('Sign-in failed'),
      h('div', { class: 'notice error', role: 'alert' }, h('p', null, error instanceof Error ? error.message : String(error))),
      h('p', null, h('a', { href: SIGN_IN }, 'Start again')),
    );
  }
}
