/** The part of a ClipboardEvent's `clipboardData` read here (a DataTransfer in browsers). */
export interface ClipboardFiles {
  readonly items?: ArrayLike<{ kind: string; type: string; getAsFile(): File | null }> | null;
  readonly files?: ArrayLike<File> | null;
}

const extensionOf = (mime: string) =>
  (mime.split('/')[1] ?? 'png').replace(/[^a-z0-9]/gi, '').slice(0, 8) || 'png';

/**
 * The image a paste carries (a screenshot, an image copied from a page or a file manager), or null when it holds
 * none. A paste that also carries plain text is text: Word and spreadsheets put a picture of the copied cells
 * beside their text, and whoever copied them meant the text. Browsers name a screenshot "image.png" or nothing at all; such an image gets a name
 * with the time, so several pasted in a row stay apart in the thread.
 */
export function pastedImage(data: ClipboardFiles | null | undefined, now: Date = new Date()): File | null {
  if (!data) return null;
  if (Array.from(data.items ?? []).some((item) => item.kind === 'string' && item.type === 'text/plain')) return null;
  const fromItems = Array.from(data.items ?? [])
    .filter((item) => item.kind === 'file' && item.type.startsWith('image/'))
    .map((item) => item.getAsFile());
  const file = [...fromItems, ...Array.from(data.files ?? [])].find(
    (candidate): candidate is File => !!candidate && candidate.type.startsWith('image/'),
  );
  if (!file) return null;
  if (file.name && file.name !== 'image.png') return file;
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return new File([file], `pasted-${stamp}.${extensionOf(file.type)}`, {
    type: file.type,
    lastModified: now.getTime(),
  });
}
