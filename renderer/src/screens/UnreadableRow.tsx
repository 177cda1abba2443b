// A saved document that could not be read, as a table row: its key and what is wrong with it. It
// stays where it is (nothing overwrites it); deleting it is the user's choice.

import type { ReactNode } from 'react';

export interface UnreadableRowProps {
  entry: { key: string; message: string };
  /** Columns the explanation spans (the action column, when there is one, comes after). */
  colSpan: number;
  /** Also say in words that it is kept as it is. */
  kept?: boolean;
  /** What can be done with it (a Delete button), in the last column. */
  action?: ReactNode;
}

export function UnreadableRow({ entry, colSpan, kept = false, action }: UnreadableRowProps) {
  return (
    <tr>
      <td colSpan={colSpan}>
        <span className="badge crit">unreadable</span> <code>{entry.key}</code>: {entry.message}
        {kept && '. Kept as it is; nothing overwrites it.'}
      </td>
      {action !== undefined && <td className="num">{action}</td>}
    </tr>
  );
}
