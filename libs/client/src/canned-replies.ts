import type {
  CannedReply,
  CannedReplyAnswer,
  CannedReplyList,
  CreateCannedReplyRequest,
  UpdateCannedReplyRequest,
} from '@switchboard/protocol';
import type { ApiCall } from './rest';

const replyPath = (id: string) => `/api/canned-replies/${encodeURIComponent(id)}`;

/** The canned-replies routes (PROTOCOL section 8), answering the replies themselves. */
export function cannedRepliesApi(api: ApiCall) {
  return {
    list: async () => (await api<CannedReplyList>('/api/canned-replies')).cannedReplies,
    create: async (reply: CreateCannedReplyRequest): Promise<CannedReply> =>
      (await api<CannedReplyAnswer>('/api/canned-replies', { method: 'POST', body: JSON.stringify(reply) }))
        .cannedReply,
    update: async (id: string, patch: UpdateCannedReplyRequest): Promise<CannedReply> =>
      (await api<CannedReplyAnswer>(replyPath(id), { method: 'PATCH', body: JSON.stringify(patch) }))
        .cannedReply,
    remove: (id: string) => api<void>(replyPath(id), { method: 'DELETE' }),
  };
}

export type CannedRepliesApi = ReturnType<typeof cannedRepliesApi>;
