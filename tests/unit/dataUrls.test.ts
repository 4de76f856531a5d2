import { describe, expect, it } from 'vitest';
import { buildCorpus } from '../../src/corpus/buildCorpus';
import { checkDataUrl, offSiteHost, safeHref } from '../../src/corpus/dataUrl';
import { normalizeFiche } from '../../src/corpus/normalizeFiche';
import { parseXml } from '../../src/corpus/sources/parseXml';

/** A fiche from an unsigned zip whose links are hostile (an outside tester's cases). */
function hostileFiche(id = 'F99001', spUrl = 'javascript:alert(document.cookie)') {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Publication ID="${id}" type="Fiche d'information" spUrl="${spUrl}">
  <dc:title>Carte grise : changement d'adresse</dc:title>
  <dc:date>modified 2024-01-02</dc:date>
  <Introduction><Texte><Paragraphe>Vous devez déclarer votre nouvelle adresse dans le mois.</Paragraphe></Texte></Introduction>
  <Texte><Chapitre><Titre><Paragraphe>Démarche</Paragraphe></Titre><Paragraphe>La démarche se fait en ligne.</Paragraphe></Chapitre></Texte>
  <LienExterneCommente><LienExterne URL="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">Site utile</LienExterne></LienExterneCommente>
  <ServiceEnLigne ID="R1" type="Téléservice" URL="javascript:fetch('//evil.example')"><Titre>Changer l'adresse</Titre></ServiceEnLigne>
  <ServiceEnLigne ID="R2" type="Téléservice" URL="https://carte-grise-express.example.com/commande"><Titre>Commander la carte</Titre></ServiceEnLigne>
  <ServiceEnLigne ID="R3" type="Formulaire" numerocerfa="13757" URL="http://www.formulaires.service-public.fr/gf/cerfa_13757.do"><Titre>Cerfa 13757</Titre></ServiceEnLigne>
  <ServiceEnLigne ID="R4" type="Téléservice" URL="https://immatriculation.ants.gouv.fr/"><Titre>ANTS</Titre></ServiceEnLigne>
  <Reference ID="L1" type="Texte de référence" URL="vbscript:msgbox(1)"><Titre>Code de la route</Titre></Reference>
</Publication>`;
}

describe('URLs read from imported data', () => {
  it('keeps https only; javascript:, data:, vbscript:, plain http to unknown sites and credentials are refused', () => {
    expect(checkDataUrl('https://www.service-public.fr/particuliers/vosdroits/F1')).toEqual({ ok: true, url: 'https://www.service-public.fr/particuliers/vosdroits/F1', publicService: true });
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,x', 'vbscript:x', 'http://example.com/', 'ftp://x.gouv.fr/', 'https://user:pw@www.service-public.fr/', '/relative', '']) {
      expect(checkDataUrl(bad).ok, bad).toBe(false);
    }
    expect(checkDataUrl('http://www.legifrance.gouv.fr/x')).toMatchObject({ ok: true, url: 'https://www.legifrance.gouv.fr/x' });
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('https://www.impots.gouv.fr/')).toBe('https://www.impots.gouv.fr/');
  });

  it('drops every non-https link of a fiche when it is normalised and marks téléservices outside public-service sites', () => {
    const { fiche, urls } = normalizeFiche(parseXml(hostileFiche()), 'particuliers');
    expect(fiche.url).toBe('');
    const json = JSON.stringify(fiche);
    expect(json).not.toMatch(/javascript:|data:text|vbscript:/i);
    expect(fiche.services.map((s) => [s.id, s.url, s.outsidePublicService])).toEqual([
      ['R1', undefined, undefined],
      ['R2', 'https://carte-grise-express.example.com/commande', true],
      ['R3', 'https://www.formulaires.service-public.fr/gf/cerfa_13757.do', undefined],
      ['R4', 'https://immatriculation.ants.gouv.fr/', undefined],
    ]);
    expect(fiche.services[2]!.cerfa).toBe('13757');
    expect(fiche.references[0]!.url).toBeUndefined();
    expect(urls.dropped).toHaveLength(4);
    expect(urls.offDomainServices).toEqual(['carte-grise-express.example.com']);
  });

  it('refuses a fiche address outside public-service sites (the fiche is kept, without it) and counts it', () => {
    const crafted = normalizeFiche(parseXml(hostileFiche('F990002', 'https://phish.example/particuliers/vosdroits/F990002')), 'particuliers');
    expect(crafted.fiche.url).toBe('');
    expect(crafted.fiche.title).toBe("Carte grise : changement d'adresse");
    expect(crafted.urls.offDomainFiches).toEqual(['phish.example']);
    const elsewhere = normalizeFiche(parseXml(hostileFiche('F990003', 'https://www.impots.gouv.fr/particulier/F990003')), 'particuliers');
    expect(elsewhere.fiche.url).toBe('https://www.impots.gouv.fr/particulier/F990003');
    expect(elsewhere.urls.offDomainFiches).toEqual([]);
    const { report } = buildCorpus([{ file: 'F990002.xml', root: parseXml(hostileFiche('F990002', 'https://phish.example/F990002')), audience: 'particuliers' as const }],
      { source: { kind: 'dila-zip', label: 'test.zip' } });
    expect(report.offDomainFiches).toBe(1);
    expect(report.entries.map((e) => e.reason)).toContain('adresse de fiche hors des sites publics retirée : phish.example');
    expect(offSiteHost('https://phish.example/F1')).toBe('phish.example');
    expect(offSiteHost('https://www.service-public.fr/F1')).toBeUndefined();
    expect(offSiteHost('javascript:alert(1)')).toBeUndefined();
  });

  it('counts refused links and off-site téléservices in the import report', () => {
    const inputs = [hostileFiche('F99001'), hostileFiche('F99002', 'https://www.service-public.fr/particuliers/vosdroits/F99002')]
      .map((xml, i) => ({ file: `F9900${i + 1}.xml`, root: parseXml(xml), audience: 'particuliers' as const }));
    const { report, corpus } = buildCorpus(inputs, { source: { kind: 'dila-zip', label: 'test.zip' } });
    expect(report.droppedUrls).toBe(7);
    expect(report.offDomainServices).toBe(2);
    expect(report.entries.filter((e) => e.severity === 'warning').map((e) => e.reason)).toContainEqual(expect.stringMatching(/^lien\(s\) retiré\(s\) : .*schéma javascript: refusé/));
    expect(corpus.chunks.every((c) => !/javascript:|data:/.test(c.url + c.text))).toBe(true);
  });
});
