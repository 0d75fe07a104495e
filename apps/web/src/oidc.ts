/**
 * PLACEHOLDER: single sign-on (OIDC authorization code flow with PKCE) is for a later version.
 *
 * When the api runs with AUTH_MODE=oidc, the plan is:
 *   1. the sign-in screen shows "Sign in with <issuer>" instead of the token box;
 *   2. startSignIn() makes a code_verifier (crypto.getRandomValues), its S256 code_challenge
 *      and a state, keeps them in sessionStorage, and redirects to the issuer's
 *      authorization_endpoint (response_type=code, client_id, redirect_uri=/app/callback,
 *      scope=openid, code_challenge, code_challenge_method=S256, state);
 *   3. /app/callback checks state, exchanges the code (plus code_verifier) at the
 *      token_endpoint, keeps the access token in sessionStorage like a pasted token, and
 *      discards the verifier.
 * The issuer, client id and endpoints would come from a small public config route of the api.
 * Nothing of this is implemented: tokens are pasted.
 */
export const OIDC_ENABLED = false;

export function startSignIn(): never {
  throw new Error('Single sign-on (OIDC with PKCE) is not implemented yet; paste a token instead');
}
