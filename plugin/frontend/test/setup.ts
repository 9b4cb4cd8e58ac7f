import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Explicit: with one fork, @testing-library/react is loaded once and its
// automatic cleanup would only be registered for the first test file.
afterEach(() => cleanup());

// jsdom lacks these; @grafana/ui components use them.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}
class NoopObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as any).ResizeObserver ??= NoopObserver;
(globalThis as any).IntersectionObserver ??= NoopObserver;

// @grafana/ui's Icon fetches SVG files asynchronously (react-inlinesvg); in
// jsdom that only produces act() warnings, so render a plain <svg> instead.
import { createElement } from 'react';
vi.mock('react-inlinesvg', () => ({
  default: ({ src, title, ...rest }: { src?: string; title?: string; [k: string]: unknown }) => {
    const { cacheRequests, innerRef, loader, preProcessor, ...svgProps } = rest as Record<string, unknown>;
    void cacheRequests;
    void innerRef;
    void loader;
    void preProcessor;
    return createElement('svg', { 'data-src': src, 'aria-label': title, ...svgProps });
  },
}));
