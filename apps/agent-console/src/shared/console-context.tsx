import { createContext, useContext, type ReactNode } from 'react';
import type { Session } from '../auth/session';
import type { AgentWorkspace, WorkspaceState } from '../conversations/agent-workspace';
import type { SupervisorMonitor, SupervisorState } from '../supervisor/supervisor-monitor';
import { useStore } from './store';

export interface ConsoleServices {
  session: Session;
  workspace: AgentWorkspace;
  /** Only for supervisors. */
  supervisor: SupervisorMonitor | null;
}

const ConsoleContext = createContext<ConsoleServices | null>(null);

export function ConsoleProvider({ services, children }: { services: ConsoleServices; children: ReactNode }) {
  return <ConsoleContext.Provider value={services}>{children}</ConsoleContext.Provider>;
}

export function useConsole(): ConsoleServices {
  const services = useContext(ConsoleContext);
  if (!services) throw new Error('useConsole outside <ConsoleProvider>');
  return services;
}

/** One slice of the agent's live state; re-renders only when that slice changes. */
export function useWorkspace<S>(selector: (state: WorkspaceState) => S): S {
  return useStore(useConsole().workspace.store, selector);
}

export function useSupervisor<S>(selector: (state: SupervisorState) => S): S {
  const monitor = useConsole().supervisor;
  if (!monitor) throw new Error('useSupervisor needs a supervisor session');
  return useStore(monitor.store, selector);
}
