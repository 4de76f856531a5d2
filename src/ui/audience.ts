import type { Audience } from '../corpus/model';

/** The citizen's audience as the agent picks it; particulier unless the agent says otherwise. */
export const DEFAULT_AUDIENCE: Audience = 'particuliers';

export const AUDIENCE_LABELS: Record<Audience, string> = {
  particuliers: 'Particulier',
  professionnels: 'Professionnel',
  associations: 'Association',
};
