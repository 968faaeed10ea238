import type { ReactNode } from 'react';
import { FormError, Section } from './Section';

/** One column of a {@link DataListSection}: its header and what each row's cell shows. */
export interface DataColumn<T> {
  header: string;
  cell: (item: T) => ReactNode;
  className?: string;
  /** Repeats the header on the cell (`data-label`), which the phone layout shows before the value. */
  labelled?: boolean;
}

/**
 * A card with a titled list as a data table: the load error, the empty text when there is nothing, else the
 * table (named by the title, or by `tableLabel`). `actions` adds a last column under a visually hidden header.
 * `children` go first, under the title.
 */
export function DataListSection<T>({
  id,
  title,
  className = 'card',
  items,
  error = null,
  empty,
  columns,
  rowKey,
  rowLabel,
  rowClassName,
  actions,
  tableClassName,
  tableLabel,
  children,
}: {
  id: string;
  title: string;
  className?: string;
  /** `null` while the list is not read yet: nothing but the error shows. */
  items: readonly T[] | null;
  error?: string | null;
  empty: string;
  columns: readonly DataColumn<T>[];
  rowKey: (item: T) => string;
  /** The row's accessible name. */
  rowLabel?: (item: T) => string;
  rowClassName?: (item: T) => string | undefined;
  actions?: { label: string; cell: (item: T) => ReactNode };
  tableClassName?: string;
  tableLabel?: string;
  children?: ReactNode;
}) {
  return (
    <Section className={className} id={id} title={title} count={items?.length}>
      {children}
      <FormError error={error} />
      {items?.length === 0 && <p className="empty">{empty}</p>}
      {items && items.length > 0 && (
        <table
          className={tableClassName ? `data-table ${tableClassName}` : 'data-table'}
          aria-labelledby={tableLabel === undefined ? id : undefined}
          aria-label={tableLabel}
        >
          <thead>
            <tr>
              {columns.map((column, index) => (
                <th key={index} scope="col">
                  {column.header}
                </th>
              ))}
              {actions && (
                <th scope="col">
                  <span className="visually-hidden">{actions.label}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={rowKey(item)} aria-label={rowLabel?.(item)} className={rowClassName?.(item)}>
                {columns.map((column, index) => (
                  <td
                    key={index}
                    className={column.className}
                    data-label={column.labelled ? column.header : undefined}
                  >
                    {column.cell(item)}
                  </td>
                ))}
                {actions && <td className="actions">{actions.cell(item)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

/** A small button in a row's actions cell; `label` names it with the row's item ("Delete Billing"). */
export function RowButton({
  label,
  onClick,
  pressed,
  className = 'button small',
  children,
}: {
  label: string;
  onClick: () => void;
  pressed?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <button type="button" className={className} aria-pressed={pressed} aria-label={label} onClick={onClick}>
      {children}
    </button>
  );
}
