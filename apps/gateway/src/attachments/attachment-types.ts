/** The allow-list of uploadable types (PROTOCOL: images, pdf, txt, csv, zip, office documents). */
export const ALLOWED_TYPES: Readonly<Record<string, readonly string[]>> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'log'],
  'text/csv': ['csv'],
  'application/zip': ['zip'],
  'application/msword': ['doc'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.ms-powerpoint': ['ppt'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/vnd.oasis.opendocument.presentation': ['odp'],
};

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

const MAGIC: Record<(typeof IMAGE_TYPES)[number], (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

export const isImageType = (mime: string): mime is (typeof IMAGE_TYPES)[number] =>
  (IMAGE_TYPES as readonly string[]).includes(mime);

/**
 * The stored type of an upload, or null when refused. A generic declared type is resolved by extension;
 * an image must really start like one (so nothing else is ever served inline as an image).
 */
export function resolveType(declared: string, fileName: string, bytes: Buffer): string | null {
  const extension = fileName.includes('.') ? (fileName.split('.').pop() ?? '').toLowerCase() : '';
  let mime = declared.split(';')[0].trim().toLowerCase();
  if (!ALLOWED_TYPES[mime] && (mime === 'application/octet-stream' || mime === '' || mime === 'application/x-zip-compressed')) {
    mime = Object.keys(ALLOWED_TYPES).find((type) => ALLOWED_TYPES[type].includes(extension)) ?? mime;
  }
  if (!ALLOWED_TYPES[mime]) return null;
  if (isImageType(mime) && !MAGIC[mime](bytes)) return null;
  return mime;
}
