import { initials } from '../format/time';

/** A person's initials in a circle; the hue is stable per name so that two agents look different. */
export function Avatar({ name, size = 28 }: { name: string; size?: number }) {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  const hue = hash % 360;
  return (
    <span
      className="sbw-avatar"
      aria-hidden="true"
      style={{
        width: size,
        height: size,
        fontSize: Math.round(size * 0.4),
        background: `hsl(${hue} 55% 92%)`,
        color: `hsl(${hue} 45% 32%)`,
      }}
    >
      {initials(name)}
    </span>
  );
}
