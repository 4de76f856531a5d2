import type { EngineKind } from '../llm/policy/enginePolicy';
import type { ModelStatus } from '../llm/modelController';

export interface EngineStatusInput {
  status: ModelStatus;
  searchOnlyByChoice: boolean;
  modelName: string;
  engineKind?: EngineKind;
  /** The policy's engine for this PC (Paramètres › Rédaction says why). */
  choice?: { kind: EngineKind; overridden: boolean };
  /** The controller's explanation (a failed load's message). */
  reason: string;
}

export interface EngineStatusText {
  label: string;
  tone: 'success' | 'info' | 'warning';
  /** For the agent; a citizen at a kiosk gets none (nothing they can act on). */
  detail?: string;
}

const engineName = (kind: EngineKind | undefined) => (kind === 'cpu' ? 'processeur' : kind === 'webgpu' ? 'carte graphique' : 'recherche seule');

/**
 * The one engine status of the agent's screen, worded from the same choice Paramètres shows (« Moteur
 * retenu pour ce poste : processeur »): search-only because no model is installed yet is not
 * search-only because the PC has no engine.
 */
export function engineStatus(v: EngineStatusInput, audience: 'agent' | 'citizen' = 'agent'): EngineStatusText {
  const agent = audience === 'agent';
  if (v.status === 'loading') return { label: 'Chargement du modèle…', tone: 'info' };
  if (v.status === 'ready' && v.searchOnlyByChoice) return { label: 'Recherche seule (choisie)', tone: 'info' };
  if (v.status === 'ready') {
    return { label: `Réponses rédigées sur ce poste${agent ? ` (${engineName(v.engineKind)})` : ''}`, tone: 'success', detail: agent ? v.modelName : undefined };
  }
  if (v.status === 'error') return { label: 'Modèle indisponible : recherche seule', tone: 'warning', detail: agent ? v.reason : undefined };
  if (!agent || !v.choice) return { label: 'Recherche seule', tone: 'info' };
  if (v.choice.kind === 'search-only') {
    return { label: 'Recherche seule', tone: 'info', detail: v.choice.overridden ? 'choix de l’administrateur.' : 'aucun moteur de rédaction utilisable sur ce poste (détail dans Paramètres).' };
  }
  return { label: 'Recherche seule', tone: 'info', detail: `moteur retenu pour ce poste : ${engineName(v.choice.kind)} ; aucun modèle n’y est encore installé (Paramètres › Rédaction des réponses).` };
}
