import type { SortDirection } from './sort';

/** Drawn beside the active column (hidden from screen readers, which read `aria-sort`). */
const SORT_MARKS: Record<SortDirection, string> = { asc: '▲', desc: '▼' };

export function SortableHeader<K extends string>({
  label,
  column,
  sort,
  onSort,
}: {
  label: string;
  column: K;
  sort: { key: K; dir: SortDirection };
  onSort: (key: K) => void;
}) {
  const active = sort.key === column;
  return (
    <th scope="col" aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(column)}>
        {label}
        <span className="sort-mark" aria-hidden="true">
          {active ? SORT_MARKS[sort.dir] : null}
        </span>
      </button>
    </th>
  );
}
