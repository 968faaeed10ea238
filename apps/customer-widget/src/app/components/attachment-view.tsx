import { createContext, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment, AttachmentLink } from '@switchboard/protocol';
import { useFormatters } from '../i18n/widget-i18n';
import { FileIcon } from './icons';

/**
 * How the widget gets an attachment's bytes (the gateway wants the bearer token, so no plain <img src>): images as
 * Blobs fetched with the token and shown through object URLs; files through a short-lived signed URL, downloaded
 * by the browser itself (streamed to disk, not held in the page).
 */
export interface AttachmentSource {
  blob(attachment: Attachment): Promise<Blob>;
  link(attachment: Attachment): Promise<AttachmentLink>;
}

export const AttachmentSourceContext = createContext<AttachmentSource | null>(null);

// One object URL per image for the life of the page: the same image is not fetched twice.
const objectUrls = new Map<string, Promise<string>>();

function useObjectUrl(attachment: Attachment): { url: string | null; failed: boolean } {
  const source = useContext(AttachmentSourceContext);
  const [result, setResult] = useState<{ url: string | null; failed: boolean }>({ url: null, failed: false });
  useEffect(() => {
    if (!source) return;
    let cancelled = false;
    let pending = objectUrls.get(attachment.id);
    if (!pending) {
      pending = source.blob(attachment).then((blob) => URL.createObjectURL(blob));
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
  }, [attachment, source]);
  return result;
}

export function ImageAttachment({ attachment, onLoad }: { attachment: Attachment; onLoad?: () => void }) {
  const { url, failed } = useObjectUrl(attachment);
  const { t } = useTranslation();
  if (failed) return <FileAttachment attachment={attachment} />;
  return (
    <a className="sbw-image" href={url ?? undefined} target="_blank" rel="noopener noreferrer">
      {url ? (
        <img src={url} alt={attachment.name} onLoad={onLoad} />
      ) : (
        <span className="sbw-image-placeholder" role="img" aria-label={t('attachment.loading', { name: attachment.name })} />
      )}
    </a>
  );
}

export function FileAttachment({ attachment }: { attachment: Attachment }) {
  const source = useContext(AttachmentSourceContext);
  const { t } = useTranslation();
  const format = useFormatters();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  // Each click asks for a fresh signed URL (they last minutes) and lets the browser download from it.
  const download = async () => {
    if (!source || busy) return;
    setBusy(true);
    try {
      const { url } = await source.link(attachment);
      const link = document.createElement('a');
      link.href = url;
      link.download = attachment.name;
      link.click();
      setFailed(false);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="sbw-file" aria-busy={busy} onClick={() => void download()}>
      <FileIcon />
      <span className="sbw-file-name">{attachment.name}</span>
      <span className="sbw-file-size">{failed ? t('attachment.unavailable') : format.size(attachment.size)}</span>
    </button>
  );
}
