import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';

/** The two namespaces, registered by their gateways once socket.io is up. */
@Injectable()
export class SocketServerRegistry {
  customer: Namespace | null = null;
  agent: Namespace | null = null;

  all(): Namespace[] {
    return [this.customer, this.agent].filter((ns): ns is Namespace => ns !== null);
  }
}
