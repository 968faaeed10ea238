import { useMemo } from 'react';
import { linkify } from '@switchboard/client';

/** Message text as plain text nodes, with http(s) links as anchors: nothing is ever parsed as HTML. */
export function MessageText({ text }: { text: string }) {
  const segments = useMemo(() => linkify(text), [text]);
  return (
    <span className="sbw-text">
      {segments.map((segment, index) =>
        segment.kind === 'link' ? (
          <a key={index} href={segment.href} target="_blank" rel="noopener noreferrer nofollow">
            {segment.text}
          </a>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </span>
  );
}
