// Shared setup for unit tests (DOM matchers for component tests).
import '@testing-library/jest-dom/vitest';

// jsdom has no <dialog> methods; the app's dialogs (lab picker, reset) need them.
if (typeof HTMLDialogElement !== 'undefined') {
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.open = false;
    this.dispatchEvent(new Event('close'));
  };
}
