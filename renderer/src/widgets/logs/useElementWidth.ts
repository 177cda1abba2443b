// The width (or height) of an element, kept up to date as it resizes (ResizeObserver); `fallback`
// until it is measured and where there is no layout (jsdom).

import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

const widthOf = (el: HTMLElement): number => el.clientWidth;
const heightOf = (el: HTMLElement): number => el.clientHeight;

/** `size` must be stable (a module-level function): the observer is set up once per element. */
function useElementSize<T extends HTMLElement>(fallback: number, size: (el: HTMLElement) => number): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [value, setValue] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const v = size(el);
      if (v > 0) setValue(v);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [size]);
  return [ref, value];
}

export function useElementWidth<T extends HTMLElement>(fallback: number): [RefObject<T | null>, number] {
  return useElementSize<T>(fallback, widthOf);
}

/** The height of an element, likewise. */
export function useElementHeight<T extends HTMLElement>(fallback: number): [RefObject<T | null>, number] {
  return useElementSize<T>(fallback, heightOf);
}
