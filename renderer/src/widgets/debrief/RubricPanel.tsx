// The postmortem's live rubric: the total, why it is capped, each item with its points and reason
// (details on demand), and every blaming sentence with where it is.

import type { PostmortemScore } from '../../../../engine/src/index.ts';
import { RUBRIC_LABEL, gradeTone, points } from './model.ts';

const SECTION_LABEL: Record<string, string> = {
  title: 'Title',
  summary: 'Summary',
  impact: 'Impact',
  rootCause: 'Root cause',
  trigger: 'Trigger',
  detection: 'Detection',
  resolution: 'Resolution',
};

/** "timeline[3]" → "Timeline row 4", "actionItems[0].title" → "Action item 1". */
export function sectionLabel(section: string): string {
  const m = /^(\w+)\[(\d+)\]/.exec(section);
  if (!m) return SECTION_LABEL[section] ?? section;
  const n = Number(m[2]) + 1;
  const names: Record<string, string> = {
    timeline: 'Timeline row',
    contributingFactors: 'Contributing factor',
    wentWell: 'Went well',
    wentPoorly: 'Went poorly',
    gotLucky: 'Got lucky',
    whyAnswers: 'Why answer',
    actionItems: 'Action item',
  };
  return `${names[m[1] as string] ?? m[1]} ${n}`;
}

export function RubricPanel({ score, errors, pending }: { score: PostmortemScore | null; errors: readonly string[]; pending: boolean }) {
  return (
    <aside className="panel pm-rubric" aria-label="Postmortem rubric">
      <div className="panel-head">
        <h2>Rubric</h2>
        <span className="grow" />
        <span className="faint db-small" aria-live="polite">
          {pending ? 'checking…' : errors.length ? 'fix the fields marked in red' : 'live'}
        </span>
      </div>
      {score ? (
        <div className="pm-rubric-body">
          <div className="pm-rubric-total">
            <span className={`pm-rubric-num tone-${gradeTone(score.grade)}`} aria-label={`Postmortem score ${score.total} of 100`}>
              {score.total}
            </span>
            <span className="faint">/100</span>
            <span className={`badge ${gradeTone(score.grade)}`}>Grade {score.grade}</span>
          </div>
          {score.caps.length > 0 && (
            <p className="pm-cap" role="note">
              Capped at 50: {score.caps.join('; ')}.
            </p>
          )}
          {errors.length > 0 && (
            <div className="pm-rubric-errors">
              <strong>Not scored until fixed:</strong>
              <ul>
                {errors.map((e) => (
                  <li key={e}>{e.replace(/^postmortem: /, '')}</li>
                ))}
              </ul>
            </div>
          )}
          <ul className="pm-rubric-items">
            {score.items.map((i) => (
              <li key={i.id} className={i.points >= i.max ? 'full' : i.points === 0 ? 'zero' : 'part'}>
                <div className="row">
                  <span className="pm-rubric-name">{RUBRIC_LABEL[i.id] ?? i.id}</span>
                  <span className="grow" />
                  <span className="num">
                    {points(i.points)}
                    <span className="faint">/{i.max}</span>
                  </span>
                </div>
                <div className="muted pm-rubric-reason">{i.reason}</div>
                {i.details.length > 0 && (
                  <details>
                    <summary>{i.details.length} detail{i.details.length === 1 ? '' : 's'}</summary>
                    <ul>
                      {i.details.map((d) => (
                        <li key={d}>{d}</li>
                      ))}
                    </ul>
                  </details>
                )}
              </li>
            ))}
          </ul>
          {score.flagged.length > 0 && (
            <section className="pm-flags" aria-label="Blaming sentences">
              <h3>Blaming sentences</h3>
              <ul>
                {score.flagged.map((f, k) => (
                  <li key={k}>
                    <span className="faint">{sectionLabel(f.section)}:</span> “{f.sentence}” <span className="tone-crit">{f.why}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      ) : (
        <p className="panel-body muted">{errors.length ? errors.join('; ') : 'Checking the draft…'}</p>
      )}
    </aside>
  );
}
