import { useEffect, useState } from 'react';
import type { Attachment } from '@switchboard/protocol';
import { PaperclipIcon } from '../shared/icons';
import { useConsole } from '../shared/console-context';
import type { ConsoleClient } from '../shared/console-client';

// Object URLs of attachments already fetched, so scrolling the virtual list does not refetch them.
const blobUrls = new Map<string, Promise<string>>();

function attachmentUrl(client: ConsoleClient, attachment: Attachment): Promise<string> {
  let url = blobUrls.get(attachment.id);
  if (!url) {
    url = client.fetchAttachment(attachment).then((blob) => URL.createObjectURL(blob));
    url.catch(() => blobUrls.delete(attachment.id));
    blobUrls.set(attachment.id, url);
  }
  return url;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Attachments need the bearer token, so images are fetched as blobs and shown through object URLs. */
export function AttachmentView({ attachment }: { attachment: Attachment }) {
  const { workspace } = useConsole();
  const isImage = attachment.mime.startsWith('image/');
  const [url, setUrl] = useState<string | null>(null);

  useEffect(() => {
    if (!isImage) return;
    let live = true;
    attachmentUrl(workspace.client, attachment).then(
      (u) => live && setUrl(u),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [attachment, isImage, workspace.client]);

  async function download() {
    const href = await attachmentUrl(workspace.client, attachment);
    const a = document.createElement('a');
    a.href = href;
    a.download = attachment.name;
    a.click();
  }

  if (isImage)
    return url ? (
      <img className="attachment-image" src={url} alt={attachment.name} onClick={() => void download()} />
    ) : (
      <div className="attachment-image placeholder">Loading image…</div>
    );
  return (
    <button type="button" className="attachment-file" onClick={() => void download()}>
      <PaperclipIcon /> {attachment.name} <span className="muted">{formatSize(attachment.size)}</span>
    </button>
  );
}
