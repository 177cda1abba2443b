// Small stroke icons for the incident timeline and lists (SVG: no icon font to ship or miss).

import type { TimelineIcon } from './timeline.ts';

const PATHS: Record<TimelineIcon, string> = {
  alert: 'M8 2.5 14 13H2Z M8 6.5v3 M8 11.2v.3',
  resolved: 'M3.5 8.5l3 3 6-7',
  change: 'M4 3v10 M4 5h5a3 3 0 0 1 0 6H4 M12 11v2',
  deploy: 'M13 8a5 5 0 1 1-1.5-3.5 M13 2.5v3h-3',
  scale: 'M5 13V3 M2.5 5.5 5 3l2.5 2.5 M11 3v10 M8.5 10.5 11 13l2.5-2.5',
  flag: 'M4 14V2.5 M4 3h8l-2 3 2 3H4',
  crash: 'M4 4l8 8 M12 4l-8 8',
  message: 'M2.5 4h11v8h-11Z M2.5 4.5 8 9l5.5-4.5',
  system: 'M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5 M8 1.5v2 M8 12.5v2 M1.5 8h2 M12.5 8h2',
  declare: 'M8 1.8 14.2 8 8 14.2 1.8 8Z M8 5.5v3.2 M8 10.6v.3',
  hypothesis: 'M5.5 6a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .8-1 1.5v.4 M8 12.4v.3',
  update: 'M2.5 6.5v3h2l5 3v-9l-5 3Z M12 6a3 3 0 0 1 0 4',
  note: 'M3.5 2.5h6l3 3v8h-9Z M9.5 2.5v3h3 M5.5 8.5h5 M5.5 11h3.5',
  mitigation: 'M9.8 2.5a3.2 3.2 0 0 0-3.6 4.2L2.5 10.4l3.1 3.1 3.7-3.7a3.2 3.2 0 0 0 4.2-3.6l-2 2-2.2-.5-.5-2.2Z',
  rejected: 'M8 2.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11 M4.1 4.1l7.8 7.8',
  observe: 'M1.5 8S4 3.5 8 3.5 14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8Z M8 6.3a1.7 1.7 0 1 0 0 3.4 1.7 1.7 0 0 0 0-3.4',
  hint: 'M6 12.5h4 M6.5 14.5h3 M8 1.8a4.2 4.2 0 0 0-2.4 7.6c.5.4.7.9.7 1.6h3.4c0-.7.2-1.2.7-1.6A4.2 4.2 0 0 0 8 1.8',
  ack: 'M2.5 8.5l3 3 5-6 M8.5 11l1 .5 5-6',
  close: 'M3 8.5l3 3 7-7.5 M3 2.5h10v11H3Z',
};

export function Icon({ name, className }: { name: TimelineIcon; className?: string }) {
  return (
    <svg className={`inc-icon ${className ?? ''}`} viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
