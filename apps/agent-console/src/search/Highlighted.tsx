import { highlightParts } from '@switchboard/protocol';

/** `text` with the parts that match `q` in <mark>, as the gateway matched them (libs/protocol search-keys). */
export function Highlighted({ text, q }: { text: string; q: string }) {
  return (
    <>
      {highlightParts(text, q).map((part, i) =>
        part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
      )}
    </>
  );
}
