import '@gouvfr/dsfr/dist/dsfr.min.css';
import { mount } from 'svelte';
import App from './ui/App.svelte';

mount(App, { target: document.getElementById('app')! });
