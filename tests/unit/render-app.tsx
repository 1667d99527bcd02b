// The whole app rendered against a fake lab, as the component tests meet it.
import { render } from '@testing-library/react';
import { App } from '../../renderer/src/components/App.js';
import { createLabStore } from '../../renderer/src/store.js';
import { LabProvider } from '../../renderer/src/store-context.js';
import { bridgeFor } from './fake-bridge.js';
import { createFakeLab, type FakeLab } from './fake-lab.js';

export function renderApp(lab: FakeLab = createFakeLab()) {
  const bridge = bridgeFor(lab);
  const store = createLabStore(bridge);
  const view = render(
    <LabProvider store={store} bridge={bridge}>
      <App />
    </LabProvider>,
  );
  return { lab, bridge, store, view };
}
