import { useMemo, useState } from 'react';

export type SortDirection = 'asc' | 'desc';

/** Click a header to sort by it; click again to flip the direction. */
export function useSort<T, K extends string>(
  rows: T[],
  value: (row: T, key: K) => string | number,
  initial: K,
  initialDir: SortDirection = 'desc',
) {
  const [sort, setSort] = useState<{ key: K; dir: SortDirection }>({ key: initial, dir: initialDir });
  const sorted = useMemo(() => {
    const factor = sort.dir === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = value(a, sort.key);
      const y = value(b, sort.key);
      return (
        (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * factor
      );
    });
  }, [rows, sort, value]);
  const toggle = (key: K) =>
    setSort((s) => ({ key, dir: s.key === key && s.dir === 'desc' ? 'asc' : 'desc' }));
  return { sorted, sort, toggle };
}
