import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { UsersService } from '../users/users.service';

const HEARTBEAT_MS = 5000;

/**
 * Counts staff sockets in the database (so presence and the agent grace period work across gateways) and
 * refreshes lastSeenAt for users connected here, so a gateway that dies stops vouching for its users.
 */
@Injectable()
export class PresenceHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Presence');
  private readonly local = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly users: UsersService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.users.heartbeat([...this.local.keys()]).catch((error: unknown) =>
        this.logger.warn({ message: 'heartbeat failed', error: String(error) }),
      );
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  async connected(userId: string): Promise<void> {
    this.local.set(userId, (this.local.get(userId) ?? 0) + 1);
    await this.users.socketChanged(userId, 1);
  }

  async disconnected(userId: string): Promise<void> {
    const left = (this.local.get(userId) ?? 1) - 1;
    if (left <= 0) this.local.delete(userId);
    else this.local.set(userId, left);
    await this.users.socketChanged(userId, -1);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
