import { useEffect, useState } from 'react';
import type { Attachment } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { PaperclipIcon } from '../shared/icons';
import { useConsole } from '../shared/console-context';
import { errorText, type ConsoleClient } from '../shared/console-client';
import { useFormatters } from '../shared/i18n';
import { showToast } from '../shared/toasts';

// Object URLs of images already fetched, so scrolling the virtual list does not refetch them.
const blobUrls = new Map<string, Promise<string>>();

function imageUrl(client: ConsoleClient, attachment: Attachment): Promise<string> {
  let url = blobUrls.get(attachment.id);
  if (!url) {
    url = client.fetchAttachment(attachment).then((blob) => URL.createObjectURL(blob));
    url.catch(() => blobUrls.delete(attachment.id));
    blobUrls.set(attachment.id, url);
  }
  return url;
}

function saveAs(href: string, name: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.click();
}

/**
 * Attachments need the bearer token: images are fetched as blobs and shown through object URLs; files are
 * downloaded by the browser from a short-lived signed URL (streamed to disk, not held in the page).
 */
export function AttachmentView({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { workspace } = useConsole();
  const isImage = attachment.mime.startsWith('image/');
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!isImage) return;
    let live = true;
    imageUrl(workspace.client, attachment).then(
      (u) => live && setUrl(u),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [attachment, isImage, workspace.client]);

  async function downloadFile() {
    setBusy(true);
    try {
      saveAs((await workspace.client.attachmentLink(attachment)).url, attachment.name);
    } catch (error) {
      showToast(t('toast.downloadFailed', { reason: errorText(error) }), 'error');
    } finally {
      setBusy(false);
    }
  }

  if (isImage)
    return url ? (
      // A link to the blob already in the page: a click (or Enter) saves the picture under its own name.
      <a className="attachment-image-link" href={url} download={attachment.name}>
        <img className="attachment-image" src={url} alt={attachment.name} />
      </a>
    ) : (
      <div className="attachment-image placeholder">{t('thread.loadingImage')}</div>
    );
  return (
    <button type="button" className="attachment-file" aria-busy={busy} disabled={busy} onClick={() => void downloadFile()}>
      <PaperclipIcon /> {attachment.name} <span className="muted">{format.size(attachment.size)}</span>
    </button>
  );
}
