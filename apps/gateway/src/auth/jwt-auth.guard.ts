import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@switchboard/protocol';
import type { Request } from 'express';
import { AccountCheckService } from './account-check.service';
import { PUBLIC_ROUTE, ROUTE_ROLES, type AuthenticatedRequest } from './auth.decorators';
import { TokenService } from './token.service';

/**
 * Every REST route needs a Bearer token unless marked @Public(), whose account still exists, is enabled and has
 * the token's role and version (else 401, so a disabled or deleted account's token stops working). Attachment downloads alone also take it as
 * `?token=`, because <img src> and download links cannot send headers; nowhere else, so tokens stay out of
 * URLs (and so out of access logs and Referer headers) wherever a header works.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly accounts: AccountCheckService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const claims = await this.tokens.verify(bearerToken(request));
    if (!claims) throw new UnauthorizedException('a valid token is required');
    if (!(await this.accounts.admit(claims))) throw new UnauthorizedException('this session has ended; sign in again');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets);
    if (roles && !roles.includes(claims.role)) throw new ForbiddenException(`only ${roles.join(', ')} may do this`);
    request.principal = { id: claims.id, role: claims.role };
    return true;
  }
}

function bearerToken(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim();
  const downloadsAttachment = request.method === 'GET' && request.path.startsWith('/api/attachments/');
  const query = request.query.token;
  return downloadsAttachment && typeof query === 'string' ? query : undefined;
}
