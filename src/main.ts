// The DSFR without its legacy part (Internet Explorer fallbacks, whose media hacks the CSS
// minifier reports as invalid), plus its print rules.
import '@gouvfr/dsfr/dist/dsfr.main.min.css';
import '@gouvfr/dsfr/dist/dsfr.print.min.css';
import './ui/icons.css';
import { mount } from 'svelte';
import App from './ui/App.svelte';
import { createPage } from './ui/page';
import { startPage } from './ui/startup';
import { carryFailures } from './errors/failureTransfer';

// A worker's failure arrives as the same typed AppError (layer, code, details).
carryFailures();
const page = createPage();
mount(App, { target: document.getElementById('app')!, props: { page } });
void startPage(page);

if (import.meta.env.VITE_COMPTOIR_TEST_ENGINE === '1') {
  void import('./lab/testHarness').then(({ testHarness }) => {
    (window as Window & { __comptoirTest?: typeof testHarness }).__comptoirTest = testHarness;
  });
}
