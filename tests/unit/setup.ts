// Shared setup for unit tests (DOM matchers for component tests).
import '@testing-library/jest-dom/vitest';
