import type { ReactNode } from 'react';

/** A titled block (sidebar section or card) with an optional count next to the title. */
export function Section({
  id,
  title,
  count,
  className,
  children,
}: {
  id: string;
  title: string;
  count?: number;
  className: string;
  children: ReactNode;
}) {
  return (
    <section className={className} aria-labelledby={id}>
      <h2 id={id} className="section-heading">
        {title}
        {count !== undefined && <span className="count">{count}</span>}
      </h2>
      {children}
    </section>
  );
}

export function FormError({ error }: { error: string | null }) {
  return error ? (
    <p className="form-error" role="alert">
      {error}
    </p>
  ) : null;
}
