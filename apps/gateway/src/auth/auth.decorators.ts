import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@switchboard/protocol';
import type { Principal } from './principal';

export const PUBLIC_ROUTE = 'switchboard:public';
export const ROUTE_ROLES = 'switchboard:roles';

/** No token needed (health, login, metrics). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may call the route (others get 403). */
export const Roles = (...roles: Role[]) => SetMetadata(ROUTE_ROLES, roles);

export interface AuthenticatedRequest {
  principal?: Principal;
}

/** The caller proven by the guard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal) throw new Error('CurrentPrincipal used on a public route');
  return request.principal;
});
