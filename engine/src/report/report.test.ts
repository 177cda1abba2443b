// The after-action report on checkout-bad-deploy: content of the Markdown and HTML exports,
// escaping of everything the trainee wrote, self-contained HTML, and deterministic bytes.
import { describe, expect, it } from 'vitest';
import { builtin, CHECKOUT_RIGHT, goodCheckoutPostmortem } from '../../../test/postmortemKit.ts';
import { draftPostmortem } from '../postmortem/draft.ts';
import { measureRun } from '../postmortem/facts.ts';
import type { Postmortem } from '../postmortem/schema.ts';
import { escapeHtml, mdInline, renderMarkdown } from './blocks.ts';
import { postmortemMarkdown } from './postmortem.ts';
import { afterActionReport, reportHtml, reportMarkdown } from './report.ts';

const scenario = builtin('checkout-bad-deploy');
const facts = measureRun(scenario, { actions: CHECKOUT_RIGHT });
const EVIL = '<script>alert(1)</script> | **bold** [link](javascript:x) & "q" \'s\n# heading';
const good = goodCheckoutPostmortem(draftPostmortem(scenario, facts), facts);
const doc: Postmortem = { ...good, summary: `${good.summary}\n${EVIL}`, wentWell: [...good.wentWell, EVIL] };
const session = { actions: [...CHECKOUT_RIGHT, { atSec: 1600, type: 'statusUpdate' as const, target: '', params: { text: EVIL } }] };
const report = afterActionReport(scenario, session, { postmortem: doc });

describe('afterActionReport', () => {
  it('gathers score, path, postmortem rubric and the counterfactual of the replayable action items', () => {
    expect(report.score.total).toBeGreaterThanOrEqual(80);
    expect(report.postmortem?.score.total).toBeGreaterThanOrEqual(90);
    expect(report.path.expert).toEqual(scenario.debrief?.expertActions);
    expect(report.path.trainee[0]).toEqual({ atSec: 460, text: 'acknowledged checkout-fast-burn' });
    expect(report.counterfactual?.items.map((i) => i.item.type)).toEqual(['gate', 'alert']);
    expect(report.counterfactualErrors).toEqual([]);
  });

  it('Markdown: every section, the numbers, the reasons; trainee text escaped', () => {
    const md = reportMarkdown(report);
    for (const h of ['# After-action report: Checkout errors after the Tuesday morning deploy', '## Score: ', '### Every point, with its reason', '## SLO impact', '## Response times', '## Your path and the expert path', '### What an expert does', '## Postmortem: Checkout requests failed after checkout v1.42.0', '### Postmortem rubric: ', '## Counterfactual replay']) {
      expect(md).toContain(h);
    }
    expect(md).toContain('| checkout-availability |');
    expect(md).toContain('09:37:40 (+00:07:40)');
    expect(md).toContain('pre-production gate on deploy-checkout-142');
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>alert(1)\\</script\\> \\| \\*\\*bold\\*\\* \\[link\\](javascript:x) &amp; "q"');
    expect(md).toContain('\\# heading');
    expect(md).not.toMatch(/^# heading/m);
    expect(reportMarkdown(afterActionReport(scenario, session, { postmortem: doc }))).toBe(md);
  });

  it('HTML: self-contained and print-ready, no scripts, everything escaped', () => {
    const html = reportHtml(report);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).toContain('@media print');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|url\(/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; | **bold** [link](javascript:x) &amp; &quot;q&quot; &#39;s');
    expect(html).toContain('<h2>SLO impact</h2>');
    expect(html).toContain('<td>checkout-availability</td>');
    expect(reportHtml(report)).toBe(html);
  });

  it('without a postmortem or items there is no postmortem or counterfactual section; invalid items are reported', () => {
    const plain = afterActionReport(scenario, { actions: CHECKOUT_RIGHT });
    expect(plain.postmortem).toBeNull();
    expect(plain.counterfactual).toBeNull();
    expect(reportMarkdown(plain)).not.toContain('Counterfactual');
    const bad = afterActionReport(scenario, { actions: CHECKOUT_RIGHT }, { items: [{ type: 'gate', change: 'nope' }] });
    expect(bad.counterfactualErrors[0]).toMatch(/unknown change "nope"/);
    expect(reportMarkdown(bad)).toContain('not replayed: item 1 (gate): unknown change');
  });
});

describe('postmortemMarkdown', () => {
  it('renders the document in the order of the example postmortem, with UTC times when the start is known', () => {
    const md = postmortemMarkdown(good, { scenarioStart: scenario.start });
    const order = ['# Postmortem:', '## Summary', '## Impact', '## Root cause', '## Trigger', '## Detection', '## Resolution', '## Contributing factors', '## Lessons learned', '## Why?', '## Action items', '## Timeline (UTC)'];
    const at = order.map((h) => md.indexOf(h));
    expect(at.every((x) => x >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(md).toContain('| 09:32:50 (+00:02:50) | \\[impact-start\\] Checkout');
    expect(md).toContain('| Add a page when the checkout 5xx ratio stays above 5% for 1 minute | detect | alert | P1 | sam.oncall | 2026-03-12 | alert |');
    expect(postmortemMarkdown(good)).toContain('| +00:02:50 |');
  });

  it('escaping helpers', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(mdInline('a|b\nc_d')).toBe('a\\|b c\\_d');
    expect(renderMarkdown([{ kind: 'list', items: ['- x', '1. y'] }])).toBe('- \\- x\n- 1\\. y\n');
  });
});
