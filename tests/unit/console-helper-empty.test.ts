// The console helper's repair for a page hawtio left empty (its JMX tree failed to build): one
// reload after CONSOLE_EMPTY_RELOAD_MS with nothing shown, never more than once a minute, and none
// for a page that shows a view or a login form. The helper runs with stand-ins for the browser's
// globals and fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONSOLE_EMPTY_RELOAD_MS, CONSOLE_HELPER_JS } from '../../electron/shell/console-page.js';

function page(shows: () => boolean) {
  const store = new Map<string, string>();
  const reload = vi.fn();
  const location = { hash: '', reload };
  const document = { title: 'Artemis Console', body: { textContent: '' }, querySelector: () => (shows() ? {} : null), querySelectorAll: () => [] };
  const sessionStorage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
  const run = () => new Function('location', 'document', 'sessionStorage', CONSOLE_HELPER_JS)(location, document, sessionStorage);
  return { reload, run };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a console page hawtio left empty', () => {
  it('is reloaded once after the bound, and not again within a minute', async () => {
    const p = page(() => false);
    p.run();
    await vi.advanceTimersByTimeAsync(CONSOLE_EMPTY_RELOAD_MS - 2000);
    expect(p.reload).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(3000);
    expect(p.reload).toHaveBeenCalledTimes(1);
    // The reloaded page is empty again at once: within the minute, no second reload.
    p.run();
    await vi.advanceTimersByTimeAsync(CONSOLE_EMPTY_RELOAD_MS + 2000);
    expect(p.reload).toHaveBeenCalledTimes(1);
  });

  it('is left alone once hawtio shows a view (or its login form)', async () => {
    let shown = false;
    const p = page(() => shown);
    p.run();
    await vi.advanceTimersByTimeAsync(5000);
    shown = true;
    await vi.advanceTimersByTimeAsync(CONSOLE_EMPTY_RELOAD_MS * 3);
    expect(p.reload).not.toHaveBeenCalled();
  });
});
