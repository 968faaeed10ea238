import { avatarInitial } from '@switchboard/i18n';

/** A person's first character in a circle (a Chinese surname, a Latin initial); the hue is stable per name. */
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
        fontSize: Math.round(size * 0.42),
        background: `hsl(${hue} 55% 92%)`,
        color: `hsl(${hue} 45% 32%)`,
      }}
    >
      {avatarInitial(name)}
    </span>
  );
}
