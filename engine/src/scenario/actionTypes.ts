// The action vocabulary, shared by the scenario format (mitigations name actions) and the
// simulation (which applies them). Plain data, no behaviour.

export const MITIGATION_TYPES = [
  'rollback',
  'restart',
  'scale',
  'toggleFlag',
  'revertConfig',
  'failover',
  'drainZone',
  'raiseLimit',
  'shedLoad',
  'renewCertificate',
  'freeDisk',
  'clearCache',
  'scaleConsumers',
] as const;

export const RECORDED_TYPES = [
  'acknowledge',
  'declareIncident',
  'statusUpdate',
  'hypothesis',
  'observe',
  'escalate',
  'note',
  'requestHint',
  'mitigated',
  'resolve',
] as const;

export const ACTION_TYPES = [...MITIGATION_TYPES, ...RECORDED_TYPES] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export type MitigationType = (typeof MITIGATION_TYPES)[number];
