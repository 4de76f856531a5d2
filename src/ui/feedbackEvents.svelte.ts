/** Bumped when an avis is saved, so the count in Paramètres follows without a reload. */
export const feedbackEvents = $state({ saved: 0 });
