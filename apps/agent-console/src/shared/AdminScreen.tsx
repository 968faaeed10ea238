import type { ReactNode } from 'react';

/**
 * A supervisor's admin screen: the landmark named by a visually hidden title, the lists (`children`), the side
 * column (`side`) and what opens over them (`overlays`: dialogs).
 */
export function AdminScreen({
  className,
  titleId,
  title,
  side,
  overlays,
  children,
}: {
  className: string;
  titleId: string;
  title: string;
  side: ReactNode;
  overlays?: ReactNode;
  children: ReactNode;
}) {
  return (
    <main className={`supervisor ${className}`} aria-labelledby={titleId}>
      <h1 id={titleId} className="visually-hidden">
        {title}
      </h1>
      <div className="supervisor-main">{children}</div>
      <div className="supervisor-side">{side}</div>
      {overlays}
    </main>
  );
}
