import { createContext, useContext, useEffect, useState } from 'react';
import type { Attachment } from '@switchboard/protocol';
import { sizeLabel } from '../format/time';
import { FileIcon } from './icons';

/** Fetches an attachment's bytes (the gateway wants the bearer token, so no plain <img src>). */
export type AttachmentFetcher = (attachment: Attachment) => Promise<Blob>;

export const AttachmentFetcherContext = createContext<AttachmentFetcher | null>(null);

// One object URL per attachment for the life of the page: the same image is not fetched twice.
const objectUrls = new Map<string, Promise<string>>();

function useObjectUrl(attachment: Attachment, enabled: boolean): { url: string | null; failed: boolean } {
  const fetcher = useContext(AttachmentFetcherContext);
  const [result, setResult] = useState<{ url: string | null; failed: boolean }>({ url: null, failed: false });
  useEffect(() => {
    if (!enabled || !fetcher) return;
    let cancelled = false;
    let pending = objectUrls.get(attachment.id);
    if (!pending) {
      pending = fetcher(attachment).then((blob) => URL.createObjectURL(blob));
      objectUrls.set(attachment.id, pending);
      pending.catch(() => objectUrls.delete(attachment.id));
    }
    pending.then(
      (url) => !cancelled && setResult({ url, failed: false }),
      () => !cancelled && setResult({ url: null, failed: true }),
    );
    return () => {
      cancelled = true;
    };
  }, [attachment, enabled, fetcher]);
  return result;
}

export function ImageAttachment({ attachment, onLoad }: { attachment: Attachment; onLoad?: () => void }) {
  const { url, failed } = useObjectUrl(attachment, true);
  if (failed) return <FileAttachment attachment={attachment} />;
  return (
    <a className="sbw-image" href={url ?? undefined} target="_blank" rel="noopener noreferrer">
      {url ? (
        <img src={url} alt={attachment.name} onLoad={onLoad} />
      ) : (
        <span className="sbw-image-placeholder" role="img" aria-label={`Loading ${attachment.name}`} />
      )}
    </a>
  );
}

export function FileAttachment({ attachment }: { attachment: Attachment }) {
  const [requested, setRequested] = useState(false);
  const { url, failed } = useObjectUrl(attachment, requested);
  // The first click fetches the file; once it is here the same link downloads it.
  useEffect(() => {
    if (!url || !requested) return;
    const link = document.createElement('a');
    link.href = url;
    link.download = attachment.name;
    link.click();
  }, [url, requested, attachment.name]);
  return (
    <a
      className="sbw-file"
      href={url ?? '#'}
      download={attachment.name}
      onClick={(event) => {
        if (url) return;
        event.preventDefault();
        setRequested(true);
      }}
    >
      <FileIcon />
      <span className="sbw-file-name">{attachment.name}</span>
      <span className="sbw-file-size">{failed ? 'unavailable' : sizeLabel(attachment.size)}</span>
    </a>
  );
}
