import type { Attachment, AttachmentLink } from '@switchboard/protocol';

/** A REST error body (Nest's shape, plus `reason` for refusals that name one). */
export interface ErrorBody {
  statusCode: number;
  message: string | string[];
  error: string;
  reason?: string;
}

export interface UploadResult {
  status: number;
  attachment: Attachment;
  error: ErrorBody;
}

/** `POST /api/attachments` (multipart field `file`) with a Bearer token. */
export async function uploadFile(baseUrl: string, token: string, bytes: Buffer, name: string, type: string): Promise<UploadResult> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${baseUrl}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await res.json()) as { attachment: Attachment } & ErrorBody;
  return { status: res.status, attachment: body.attachment, error: body };
}

/** `GET` of an attachment's bytes, with the Bearer token when given. */
export async function downloadFile(baseUrl: string, path: string, token?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${path}`, { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** `POST /api/attachments/:id/link`. */
export async function attachmentLink(baseUrl: string, token: string, attachmentId: string) {
  const res = await fetch(`${baseUrl}/api/attachments/${attachmentId}/link`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as AttachmentLink & ErrorBody };
}
