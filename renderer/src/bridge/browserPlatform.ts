// Being built (issue 4): the IndexedDB platform. Memory until then.
import { createMemoryPlatform } from './memoryPlatform.ts';
import type { DesktopApi } from './desktop-api.ts';
export function createBrowserPlatform(): DesktopApi {
  return createMemoryPlatform(() => Date.now());
}
