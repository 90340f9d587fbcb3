import type { EventMap, EventName } from '../../shared/ipc/events';

export type AnyEvent = { [E in EventName]: { name: E; payload: EventMap[E] } }[EventName];
export type EventListener = (event: AnyEvent) => void;

/**
 * Fan-out of station events to every connected window, whichever host carries them. A relay only:
 * business reactions to payments (receipts, the entry feed) subscribe to payments/paymentEvents.
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventMap[E]): void {
    const event = { name, payload } as AnyEvent;
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        // A broken window connection must not stop the others from hearing about a payment.
      }
    }
  }
}
