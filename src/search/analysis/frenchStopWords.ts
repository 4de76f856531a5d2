/**
 * Words that carry no search meaning in an agent's question, accent-folded. Written for Comptoir:
 * French function words plus the conversational filler of questions at a desk ("on fait comment",
 * "est-ce que je peux"). Negations are kept out on purpose: "pas" is dropped, but "sans" is not
 * (sans emploi, sans domicile).
 */
export const FRENCH_STOP_WORDS: ReadonlySet<string> = new Set(
  `a ai aie aient aies ait as au aucun aucune aupres auquel aura aurai auraient aurais aurait auras aurez auriez
  aurons auront aussi autre autres aux auxquelles auxquels avaient avais avait avant avec avez aviez avions avoir
  avons ayant ayez ayons bon c ca car ce ceci cela celle celles celui cependant ces cet cette ceux chaque chez
  ci comme comment d dans de des desquelles desquels dois doit doivent donc dont du duquel elle elles en encore
  es est et etaient etais etait etant ete etes etiez etions etre eu eue eues eurent eus eusse eussent eut eux
  faire fais fait faut fera feras ferai ferait font fut il ils j je jusqu l la laquelle le lequel les lesquelles
  lesquels leur leurs lui m ma mais me meme memes mes moi mon n ne ni nos notre nous on ont ou où par parce pas
  peu peut peuvent peux plus pour pourquoi pourrai pourrais pourrait pouvoir puis puisque qu quand que quel
  quelle quelles quels qui quoi s sa sait sais se sera serai seraient serais serait seras serez seriez serions
  serons seront ses si sien son sont sous soyez soyons suis sur t ta te tes toi ton tous tout toute toutes tu un
  une unes uns vais va vos votre vous vu y bonjour svp merci voudrais voudrait veux veut besoin aider aide-moi
  madame monsieur dame etc ok alors ben bah hein voila jusqu lorsqu puisqu quoiqu presqu aujourd hui`
    .split(/\s+/)
    .filter(Boolean),
);
