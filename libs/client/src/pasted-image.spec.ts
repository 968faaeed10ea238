import { pastedImage, type ClipboardFiles } from './pasted-image';

const item = (file: File) => ({ kind: 'file', type: file.type, getAsFile: () => file });
const text = (type = 'text/plain') => ({ kind: 'string', type, getAsFile: () => null });
const at = new Date('2025-03-04T05:06:07.000Z');

describe('pastedImage', () => {
  it('takes the image a screenshot paste carries and names it by the time', () => {
    const shot = new File([new Uint8Array([137, 80, 78, 71])], 'image.png', { type: 'image/png' });
    const file = pastedImage({ items: [text('text/html'), item(shot)], files: [shot] }, at);
    expect(file?.name).toBe('pasted-20250304-050607.png');
    expect(file?.type).toBe('image/png');
    expect(file?.size).toBe(4);
  });

  it('keeps the name of a copied image file, and names a nameless JPEG by its type', () => {
    const photo = new File(['jpeg'], '发票.jpg', { type: 'image/jpeg' });
    expect(pastedImage({ items: [item(photo)] }, at)?.name).toBe('发票.jpg');
    const nameless = new File(['jpeg'], '', { type: 'image/jpeg' });
    expect(pastedImage({ files: [nameless] }, at)?.name).toBe('pasted-20250304-050607.jpeg');
  });

  it('is text when the paste also holds plain text (cells copied from a spreadsheet come with a picture)', () => {
    const picture = new File(['png'], 'image.png', { type: 'image/png' });
    expect(pastedImage({ items: [text(), text('text/html'), item(picture)], files: [picture] })).toBeNull();
  });

  it('is null for text, for files that are not images and for no data at all', () => {
    const pdf = new File(['%PDF'], 'order.pdf', { type: 'application/pdf' });
    expect(pastedImage({ items: [text()], files: [] })).toBeNull();
    expect(pastedImage({ items: [item(pdf)], files: [pdf] })).toBeNull();
    expect(pastedImage({} as ClipboardFiles)).toBeNull();
    expect(pastedImage(null)).toBeNull();
  });
});
