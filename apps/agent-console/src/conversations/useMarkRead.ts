import { useEffect, useState } from 'react';
import type { AgentWorkspace } from './agent-workspace';

function useTabVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', update);
    window.addEventListener('focus', update);
    return () => {
      document.removeEventListener('visibilitychange', update);
      window.removeEventListener('focus', update);
    };
  }, []);
  return visible;
}

/** Reads up to the newest message while the conversation is on screen and the tab is visible. */
export function useMarkRead(
  workspace: AgentWorkspace,
  conversationId: string,
  lastSeq: number,
  unread: number,
): void {
  const visible = useTabVisible();
  useEffect(() => {
    if (visible) void workspace.markRead(conversationId);
  }, [workspace, conversationId, lastSeq, unread, visible]);
}
