// Usage text for every command, and the one way usage errors are reported (exit 2).

import { EXIT_USAGE, type Io } from './io.ts';

export const COMMANDS = {
  list: {
    synopsis: 'firedrill list [--json]',
    about: 'List the built-in scenarios (scenarios/*.yaml): id, title, difficulty.',
    details: ['--json    an array of {id, title, difficulty, file, durationMinutes, tags}'],
  },
  validate: {
    synopsis: 'firedrill validate <file|dir|pack.zip>... [--json]',
    about: 'Check scenario files; a folder or .zip is a scenario pack (extends/include resolved inside it). Exit 1 if any is invalid.',
    details: [
      '--json    {files: [{file, valid, issues: [...]}], fragments: [{file, valid, issues, usedBy}]}',
      'Issues print as file:line:col: path: message; warnings do not fail.',
      'Files marked kind: Fragment are shared parts of a pack, checked as such and not as scenarios.',
    ],
  },
  check: {
    synopsis: 'firedrill check <file|dir|pack.zip>... [--seeds 42,43,44] [--failures] [--json]',
    about: 'Run scenario files against their contract: detectable, fixable, red herrings harmless, evidence real. Exit 1 if any check fails.',
    details: [
      '--seeds LIST   seeds to check (default: the scenario seed and the two after it)',
      '--failures     print only the checks that fail (and each file\'s summary)',
      '--json         {files: [{file, scenario, valid, issues, checks: [{id, title, seed, pass, reason}], pass,',
      '                difficulty: {declared, level, score, factors: [{id, label, value, weight, measured, explanation}]}}], fragments: [...]}',
      'Each scenario also gets a measured difficulty estimate beside the declared one.',
    ],
  },
  new: {
    synopsis: 'firedrill new <template> <file> [--fault <type>] [--id <id>] [--force] | firedrill new --list',
    about: 'Write a commented starter scenario from a topology template and a fault type; it passes check as written.',
    details: [
      '--list         the templates: three-tier, web-shop, event-pipeline; and the fault types',
      '--fault TYPE   what breaks (default bad-deploy)',
      '--id ID        metadata.id (default: from the file name)',
      '--force        overwrite the file if it exists',
    ],
  },
  simulate: {
    synopsis: 'firedrill simulate <file|id> [--seed N] [--minutes M] [--actions actions.json] [--json] [--metrics-csv out.csv] [--logs-jsonl out.jsonl]',
    about: 'Run a scenario (a YAML file or a built-in id) to the end and summarise it.',
    details: [
      '--seed N            override the scenario seed (0 to 4294967295)',
      '--minutes M         simulated minutes to run (default: the scenario duration)',
      '--actions FILE      JSON array of actions: [{"atSec": 900, "type": "rollback", "target": "checkout", "params": {}}]',
      '--json              one JSON object: scenario, seed, durationSec, stateHash, services, slos, alerts, actions',
      '--metrics-csv FILE  every metric sample: time_sec,service,env,metric,value',
      '--logs-jsonl FILE   every log line of the run, one JSON object per line',
    ],
  },
  record: {
    synopsis: 'firedrill record <file|id> [--seed N] [--minutes M] [--actions actions.json] --out session.json',
    about: 'Run a scenario and write a session file (scenario, seed, actions, state hash) for replay.',
    details: ['--out FILE          the session file to write (required)'],
  },
  replay: {
    synopsis: 'firedrill replay <session.json>',
    about: 'Re-run a recorded session and check the final state hash. Exit 1 if it differs.',
    details: ['Session format: {"format": "firedrill-session/v1", "scenario", "seed", "actions", "stateHash", "durationSec"?}'],
  },
  score: {
    synopsis: 'firedrill score <session.json> [--postmortem pm.json] [--json]',
    about: 'Re-run a recorded session and score it 0-100: SLO impact, response times, diagnosis, actions, communication.',
    details: [
      '--postmortem FILE  a firedrill-postmortem/v1 JSON document to score with the rubric (default: the session\'s "postmortem", if any)',
      '--json             the full report: {format: "firedrill-score/v1", total, grade, areas, items: [{area, id, points, max, reason}], impact, events, times, ...,',
      '                   postmortem?: {format: "firedrill-postmortem-score/v1", total, grade, items: [{id, points, max, reason, details}], caps, flagged, actionItems}}',
    ],
  },
  counterfactual: {
    synopsis: "firedrill counterfactual <session.json> [--item '<json>']... [--items items.json] [--json]",
    about: 'Apply action items (a new alert, a pre-production gate, a config validation, a timeout, retries) and re-run the session: earlier detection, budget saved.',
    details: [
      "--item JSON     one item (may repeat): {\"type\":\"gate\"}, {\"type\":\"alert\",\"rule\":{\"type\":\"threshold\",\"service\":\"checkout\",\"metric\":\"error_ratio\",\"value\":0.05,\"for\":\"1m\"}},",
      '                {"type":"configValidation","change":"<id>"}, {"type":"timeout","service":"a","dependency":"b","timeoutMs":500}, {"type":"retries",...,"retries":0}',
      '--items FILE    a JSON array of items',
      "Without items: the counterfactual specs of the session's postmortem action items.",
      '--json          {format: "firedrill-counterfactual/v1", items, original, counterfactual, comparison, rejectedActions, earlierResponse, notes}',
    ],
  },
  report: {
    synopsis: 'firedrill report <session.json> [--format md|html|json] [--out file] [--postmortem pm.json] [--items items.json]',
    about: 'The after-action report: score with reasons, SLO impact, times, your path and the expert path, postmortem and rubric, counterfactual.',
    details: [
      '--format F         md (default), html (print-ready, self-contained) or json ({format: "firedrill-report/v1", ...})',
      '--out FILE         write it there instead of standard output',
      "--postmortem FILE  the postmortem to include (default: the session's)",
      "--items FILE       counterfactual items to replay (default: the postmortem's action items that carry one)",
    ],
  },
  schema: {
    synopsis: 'firedrill schema [--write]',
    about: 'Print the JSON Schema of scenario files.',
    details: ['--write   write it to scenarios/scenario.schema.json instead'],
  },
  play: {
    synopsis: 'firedrill play [id|file|number]',
    about: 'Play a scenario in the terminal: briefing, live status minute by minute, commands between steps.',
    details: ['Without a terminal, commands are read from stdin lines (one per line) until end of input.', 'npm run firedrill -- play <id> starts a scenario directly.'],
  },
  help: {
    synopsis: 'firedrill help [command]',
    about: 'Show this help, or the help of one command.',
    details: [],
  },
} as const;

export type CommandName = keyof typeof COMMANDS;

export function isCommand(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name);
}

export function commandHelp(name: CommandName): string[] {
  const c = COMMANDS[name];
  return [`usage: ${c.synopsis}`, '', c.about, ...(c.details.length ? ['', ...c.details.map((d) => `  ${d}`)] : [])];
}

export function generalHelp(): string[] {
  const lines = [
    'Firedrill: a deterministic outage game-day simulator.',
    '',
    'usage: npm run firedrill -- <command> [options]     (or: node --import tsx cli/main.ts <command>)',
    '',
    'Commands:',
  ];
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(width)}  ${c.about}`);
  lines.push('');
  for (const c of Object.values(COMMANDS)) lines.push(`  ${c.synopsis}`);
  lines.push('', 'Run "firedrill help <command>" for its options.', 'Exit codes: 0 ok, 1 invalid input or failed check, 2 usage error.');
  return lines;
}

/** Reports a usage error with the command's synopsis; returns exit code 2. */
export function usageError(io: Io, command: CommandName | null, message: string): number {
  io.err(`firedrill${command ? ` ${command}` : ''}: ${message}`);
  io.err(command ? `usage: ${COMMANDS[command].synopsis}` : 'usage: firedrill <command> [options]');
  io.err(`Run "firedrill help${command ? ` ${command}` : ''}" for details.`);
  return EXIT_USAGE;
}
