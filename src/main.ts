// The DSFR without its legacy part (Internet Explorer fallbacks, whose media hacks the CSS
// minifier reports as invalid), plus its print rules.
import '@gouvfr/dsfr/dist/dsfr.main.min.css';
import '@gouvfr/dsfr/dist/dsfr.print.min.css';
import './ui/icons.css';
import { mount } from 'svelte';
import App from './ui/App.svelte';

mount(App, { target: document.getElementById('app')! });

if (import.meta.env.VITE_COMPTOIR_TEST_ENGINE === '1') {
  void import('./lab/testHarness').then(({ testHarness }) => {
    (window as Window & { __comptoirTest?: typeof testHarness }).__comptoirTest = testHarness;
  });
}
