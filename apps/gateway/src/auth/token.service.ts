import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@switchboard/protocol';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { Principal } from './principal';

const ROLES: readonly Role[] = ['customer', 'agent', 'supervisor'];

/** Signs and verifies the HS256 tokens used by REST (Bearer) and the socket.io handshake alike. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  sign(principal: Principal): Promise<string> {
    const expiresIn = principal.role === 'customer' ? this.config.customerTokenTtlS : this.config.staffTokenTtlS;
    return this.jwt.signAsync({ sub: principal.id, role: principal.role }, { algorithm: 'HS256', expiresIn });
  }

  /** The principal of a valid token, or null for anything else (missing, malformed, expired, other algorithm). */
  async verify(token: unknown): Promise<Principal | null> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return null;
    try {
      const claims = await this.jwt.verifyAsync<{ sub?: unknown; role?: unknown }>(token, { algorithms: ['HS256'] });
      if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role as Role)) return null;
      return { id: claims.sub, role: claims.role as Role };
    } catch {
      return null;
    }
  }
}
