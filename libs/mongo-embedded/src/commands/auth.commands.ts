// SASL authentication (SCRAM-SHA-256) and what a connection may ask about its own authentication.
import type { CommandHandler } from './command-context';

export const authCommands: Record<string, CommandHandler> = {
  saslStart: (cmd, ctx) => ctx.session.saslStart(ctx.db, cmd),
  saslContinue: (cmd, ctx) => ctx.session.saslContinue(cmd),
  logout: (_cmd, ctx) => {
    ctx.session.logout();
    return { ok: 1 };
  },
  connectionStatus: (_cmd, ctx) => ({ authInfo: ctx.session.authInfo(), ok: 1 }),
};
