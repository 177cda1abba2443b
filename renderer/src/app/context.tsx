// The app instance React sees: the store, the controller and the services, through one context,
// so tests can mount any screen against an in-process worker and a fake platform.

import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Controller } from '../state/controller.ts';
import type { AppState, AppStore, Services } from '../state/store.ts';

export interface Firedrill {
  store: AppStore;
  ctl: Controller;
  services: Services;
}

const FiredrillContext = createContext<Firedrill | null>(null);

export function FiredrillProvider({ value, children }: { value: Firedrill; children: ReactNode }) {
  return <FiredrillContext.Provider value={value}>{children}</FiredrillContext.Provider>;
}

export function useFiredrill(): Firedrill {
  const v = useContext(FiredrillContext);
  if (!v) throw new Error('useFiredrill outside <FiredrillProvider>');
  return v;
}

/** Subscribes to one slice of the store. Selectors returning new objects or arrays: use useAppShallow. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useFiredrill().store, selector);
}

/** As useApp, compared shallowly: for selectors that build an object or array. */
export function useAppShallow<T>(selector: (s: AppState) => T): T {
  return useStore(useFiredrill().store, useShallow(selector));
}
