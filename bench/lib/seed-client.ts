import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import type { Role } from '@fund/event-sourcing';

/** The agencies the HTTP benchmarks seed: id, kind, county. */
export const AGENCIES = [
  ['ssac-portland', 'sexual_assault_center', 'cumberland'],
  ['dv-bangor', 'domestic_violence_center', 'penobscot'],
  ['immigrant-lewiston', 'immigrant_services', 'androscoggin'],
  ['vw-augusta', 'victim_witness_coordinator', 'kennebec'],
  ['ats-york', 'anti_trafficking_program', 'york'],
  ['dv-presque-isle', 'domestic_violence_center', 'aroostook'],
  ['ssac-rockland', 'sexual_assault_center', 'knox'],
  ['dv-machias', 'domestic_violence_center', 'washington'],
] as const;

/**
 * What a benchmark needs to seed an api over HTTP: tokens signed with the api's local key (in its
 * data directory) and a POST that fails loudly, naming the route and the api's error code.
 */
export function seedClient(base: string, dataDir: string) {
  const key = loadOrCreateLocalSigningKey(dataDir);
  const token = (userId: string, role: Role, organizationId: string) => mintLocalToken(key, { userId, role, organizationId }, 12 * 3600);
  const post = async (path: string, bearer: string, body?: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`seed: POST ${path} -> ${res.status} ${String(json.code)} ${String(json.message)}`);
    return json;
  };
  return { token, post };
}
