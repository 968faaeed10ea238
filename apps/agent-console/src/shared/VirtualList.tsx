import { useCallback, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';

interface VirtualListProps<T> {
  items: T[];
  getKey: (item: T) => string;
  renderItem: (item: T) => ReactNode;
  /** Height assumed for a row until it has been measured. */
  estimateHeight?: number;
  /** Extra pixels rendered above and below the viewport. */
  overscan?: number;
  /** Called when the user scrolls near the top (load older messages). */
  onReachTop?: () => void;
  className?: string;
  ariaLabel?: string;
}

const NEAR_EDGE_PX = 160;
const FALLBACK_VIEWPORT_PX = 800;

/** First index whose bottom edge is below `y` (offsets has items.length + 1 entries). */
function indexAt(offsets: number[], y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid + 1] <= y) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo);
}

/**
 * A windowed list for chat threads: only the rows near the viewport are in the DOM, row heights are
 * measured as they render, it follows the bottom while the reader is there, and it keeps the reader's
 * place when older rows are prepended.
 */
export function VirtualList<T>({
  items,
  getKey,
  renderItem,
  estimateHeight = 56,
  overscan = 600,
  onReachTop,
  className,
  ariaLabel,
}: VirtualListProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [measureVersion, setMeasureVersion] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT_PX);
  const atBottom = useRef(true);

  const keys = useMemo(() => items.map(getKey), [items, getKey]);
  const offsets = useMemo(() => {
    const result = new Array<number>(keys.length + 1);
    result[0] = 0;
    for (let i = 0; i < keys.length; i++)
      result[i + 1] = result[i] + (heights.current.get(keys[i]) ?? estimateHeight);
    return result;
    // measureVersion is in the list so the offsets are recomputed after rows were measured.
  }, [keys, estimateHeight, measureVersion]);
  const total = offsets[keys.length];

  const start = keys.length ? indexAt(offsets, Math.max(0, scrollTop - overscan)) : 0;
  const end = keys.length ? indexAt(offsets, scrollTop + viewport + overscan) + 1 : 0;

  // Measure what was rendered; heights of 0 (not laid out, e.g. jsdom) keep the estimate.
  const content = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    let changed = false;
    content.current?.querySelectorAll<HTMLElement>(':scope > [data-key]').forEach((el) => {
      const key = el.dataset.key!;
      const h = el.offsetHeight;
      if (h > 0 && heights.current.get(key) !== h) {
        heights.current.set(key, h);
        changed = true;
      }
    });
    if (changed) setMeasureVersion((v) => v + 1);
  });

  // Keep the reader's place when rows are prepended or measured above them: a visible row stays
  // where it was. At the bottom, follow new rows instead.
  const anchor = useRef<{ key: string; offset: number } | null>(null);
  const remember = useCallback(
    (top: number) => {
      // A row a third of the way down, not the top one: the top row may be the "loading" row itself.
      const first = keys.length ? indexAt(offsets, top + viewport / 3) : -1;
      anchor.current = first >= 0 ? { key: keys[first], offset: offsets[first] } : null;
    },
    [keys, offsets, viewport],
  );
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (atBottom.current) el.scrollTop = el.scrollHeight;
    else if (anchor.current) {
      const index = keys.indexOf(anchor.current.key);
      if (index >= 0 && offsets[index] !== anchor.current.offset)
        el.scrollTop += offsets[index] - anchor.current.offset;
    }
    remember(el.scrollTop);
  }, [keys, offsets, remember]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = () => setViewport(el.clientHeight || FALLBACK_VIEWPORT_PX);
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    remember(el.scrollTop);
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_EDGE_PX / 2;
    if (el.scrollTop < NEAR_EDGE_PX) onReachTop?.();
  }, [onReachTop, remember]);

  return (
    <div ref={scroller} className={className} onScroll={onScroll} role="log" aria-label={ariaLabel}>
      <div style={{ height: total, position: 'relative' }}>
        <div
          ref={content}
          style={{
            position: 'absolute',
            top: 0,
            left: 0,
            right: 0,
            transform: `translateY(${offsets[start]}px)`,
          }}
        >
          {keys.slice(start, end).map((key, i) => (
            <div key={key} data-key={key}>
              {renderItem(items[start + i])}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
