import type { AuthOptions } from '@fund/auth';
import type { AppConfig } from './config';

export function authOptions(config: AppConfig): AuthOptions {
  if (config.AUTH_MODE === 'local') return { mode: 'local', dataDir: config.DATA_DIR };
  return {
    mode: 'oidc',
    issuer: config.OIDC_ISSUER ?? '',
    audience: config.OIDC_AUDIENCE ?? '',
    ...(config.OIDC_JWKS_URL ? { jwksUrl: config.OIDC_JWKS_URL } : {}),
    algorithms: config.OIDC_ALGORITHMS.split(','),
    clockToleranceSeconds: config.OIDC_CLOCK_SKEW_SECONDS,
    roleClaim: config.OIDC_ROLE_CLAIM,
    organizationClaim: config.OIDC_ORGANIZATION_CLAIM,
  };
}
