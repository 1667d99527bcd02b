import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { AppBridge } from './bridge/app-bridge.js';
import { createElectronBridge, type PreloadApi } from './bridge/electron-bridge.js';
import { createWsBridge } from './bridge/ws-bridge.js';
import { App } from './components/App.js';
import { createLabStore, type Theme } from './store.js';
import { LabProvider } from './store-context.js';
import './styles.css';

declare global {
  interface Window {
    amqLab?: PreloadApi;
  }
}

const bridge: AppBridge = window.amqLab ? createElectronBridge(window.amqLab) : createWsBridge();
const saved = localStorage.getItem('amq-ha-lab.theme');
const theme: Theme = saved === 'dark' || saved === 'light' ? saved : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
const store = createLabStore(bridge, theme);
store.subscribe((s, prev) => {
  if (s.theme !== prev.theme) localStorage.setItem('amq-ha-lab.theme', s.theme);
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LabProvider store={store} bridge={bridge}>
      <App />
    </LabProvider>
  </StrictMode>,
);
