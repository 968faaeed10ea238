/** Room names: every socket of a user, a conversation's participants, all staff, supervisors. */
export const rooms = {
  user: (id: string) => `user:${id}`,
  conversation: (id: string) => `conversation:${id}`,
  agents: 'agents',
  supervisors: 'supervisors',
} as const;
