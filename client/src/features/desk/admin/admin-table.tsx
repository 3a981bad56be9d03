/**
 * The admin panels' list: a query's loading and error states, an empty state that says what
 * is missing, and a table whose last column holds the row's actions. Panels describe their
 * columns; the table markup, the empty check and the action column live here once.
 *
 * `ConfirmedDelete` is the panels' destructive button: it always asks first (title names
 * the thing, body says what follows) and the dialog's safe button has the focus.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { ConfirmDialog } from '../../../components/dialog.tsx';
import { Empty } from '../../../components/state-views.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { QueryView } from '../desk-query.tsx';
import { TableWrap } from '../table-wrap.tsx';

export type AdminColumn<T> = {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** `num` right-aligns figures. */
  className?: string;
  /** Data typed by people (names, URLs): never translated or counted as UI text. */
  data?: boolean;
};

/** Data attributes a row carries for tests and styling. */
export type RowAttributes = { [key: `data-${string}`]: string };

type TableProps<T> = {
  /** Names the table's scroll box (a wide table scrolls in it on a narrow window). */
  label: string;
  columns: AdminColumn<T>[];
  rowKey: (row: T) => string;
  rowAttributes?: (row: T) => RowAttributes;
  actions?: (row: T) => ReactNode;
  /** Said instead of an empty table. */
  empty: string;
  testId?: string;
};

export function AdminTable<T>({ query, ...table }: TableProps<T> & { query: UseQueryResult<T[]> }) {
  return <QueryView query={query}>{(rows) => <DataTable rows={rows} {...table} />}</QueryView>;
}

/** The table alone, for rows that are already loaded. */
export function DataTable<T>({
  rows,
  label,
  columns,
  rowKey,
  rowAttributes,
  actions,
  empty,
  testId,
}: TableProps<T> & { rows: T[] }) {
  if (rows.length === 0) return <Empty>{empty}</Empty>;
  return (
    <TableWrap label={label}>
      <table className="data" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are a fixed list per panel.
              <th key={i} className={c.className}>
                {c.header}
              </th>
            ))}
            {actions && <th />}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowAttributes?.(row)}>
              {columns.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are a fixed list per panel.
                <td key={i} className={c.className} translate={c.data ? 'no' : undefined}>
                  {c.cell(row)}
                </td>
              ))}
              {actions && <td className="row">{actions(row)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** A small danger button that runs `onConfirm` only after the user confirms in a dialog. */
export function ConfirmedDelete({
  label,
  title,
  body,
  confirmLabel,
  onConfirm,
  testId,
}: {
  /** The button's text; "Hapus" / "Delete" when omitted. */
  label?: string;
  title: string;
  body: ReactNode;
  /** The dialog's confirm button; the button's label when omitted. */
  confirmLabel?: string;
  onConfirm: () => void;
  /** The dialog's test id. */
  testId?: string;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const text = label ?? t('desk.common.delete');
  return (
    <>
      <button type="button" className="btn small danger" onClick={() => setAsking(true)}>
        {text}
      </button>
      {asking && (
        <ConfirmDialog
          title={title}
          body={body}
          confirmLabel={confirmLabel ?? text}
          cancelLabel={t('common.cancel')}
          testId={testId}
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            onConfirm();
          }}
        />
      )}
    </>
  );
}
