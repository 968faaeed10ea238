import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { LIMITS, type StaffRole } from '@switchboard/protocol';
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../auth/password-hasher';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { UsersRepository } from './users.repository';

export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; name: string; role: StaffRole }> = [
  { email: 'supervisor@example.com', name: 'Sam Supervisor', role: 'supervisor' },
  { email: 'agent1@example.com', name: 'Ana', role: 'agent' },
  { email: 'agent2@example.com', name: 'Bo', role: 'agent' },
  { email: 'agent3@example.com', name: 'Cy', role: 'agent' },
];

/**
 * On an empty database (no staff), creates the demo accounts. Upserts by unique e-mail with $setOnInsert,
 * so two gateways starting at once on one database create each account once. Each account's password is hashed
 * on its own (its own salt), so one cracked hash says nothing about the others and equal hashes show nothing.
 * In production a random password would have to be printed to be usable, and printing one into a production
 * log is what we never do: there SEED_DEMO=true needs DEMO_PASSWORD, otherwise nothing is seeded (logged).
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo || (await this.users.countStaff()) > 0) return;
    if (this.config.nodeEnv === 'production' && !this.config.demoPassword) {
      this.logger.warn({
        message: 'demo accounts not created: SEED_DEMO=true in production needs DEMO_PASSWORD (a random one is never printed in production)',
      });
      return;
    }
    const password = this.config.demoPassword ?? randomBytes(12).toString('base64url');
    const hashes = await Promise.all(DEMO_ACCOUNTS.map(() => hashPassword(password, { patient: true })));
    let created = 0;
    for (const [index, account] of DEMO_ACCOUNTS.entries()) {
      try {
        const inserted = await this.users.insertStaffIfMissing({
          ...account,
          passwordHash: hashes[index],
          maxConcurrent: LIMITS.maxConcurrentDefault,
        });
        if (inserted) created++;
      } catch {
        // another gateway inserted it between our filter and our insert: that is the outcome we wanted
      }
    }
    if (created === 0) return;
    this.logger.log({ message: 'demo accounts created', accounts: DEMO_ACCOUNTS.map((a) => a.email) });
    this.banner = [
      'Demo accounts (created now):',
      ...DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(10)} ${a.email}`),
      this.config.demoPassword ? '  password: the DEMO_PASSWORD you set' : `  password: ${password}   (shown once; set DEMO_PASSWORD to choose it)`,
    ];
  }

  /** Printed by main.ts once the server listens, next to the addresses. */
  banner: string[] = [];
}
