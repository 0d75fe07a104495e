export const PROVIDER_TYPES = [
  'sexual_assault_center',
  'domestic_violence_center',
  'immigrant_services',
  'victim_witness_coordinator',
  'anti_trafficking_program',
  'other',
] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/**
 * Geography is never finer than a county. The coalition is statewide (Maine's 16 counties);
 * `out_of_state` and `unknown` keep reports honest without asking for more.
 */
export const COUNTIES = [
  'androscoggin',
  'aroostook',
  'cumberland',
  'franklin',
  'hancock',
  'kennebec',
  'knox',
  'lincoln',
  'oxford',
  'penobscot',
  'piscataquis',
  'sagadahoc',
  'somerset',
  'waldo',
  'washington',
  'york',
  'out_of_state',
  'unknown',
] as const;
export type County = (typeof COUNTIES)[number];

export const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
