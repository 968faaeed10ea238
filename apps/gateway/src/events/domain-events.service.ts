import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Subject, filter, type Observable } from 'rxjs';
import type { DomainEvent, DomainEventOf, DomainEventType } from './domain-events';

/** A small typed event bus: domain services publish, the realtime and supervision layers subscribe. */
@Injectable()
export class DomainEventsService implements OnModuleDestroy {
  private readonly subject = new Subject<DomainEvent>();

  publish(event: DomainEvent): void {
    this.subject.next(event);
  }

  all(): Observable<DomainEvent> {
    return this.subject.asObservable();
  }

  of<T extends DomainEventType>(type: T): Observable<DomainEventOf<T>> {
    return this.subject.pipe(filter((event): event is DomainEventOf<T> => event.type === type));
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
