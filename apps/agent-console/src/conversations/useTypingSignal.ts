import { useCallback, useEffect, useRef } from 'react';

const IDLE_MS = 3000;

/**
 * Sends "typing: true" once when typing starts and "typing: false" after a pause (or on send), instead of
 * an event per keystroke: the gateway rate-limits each socket.
 */
export function useTypingSignal(send: (isTyping: boolean) => void) {
  const typing = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const stop = useCallback(() => {
    clearTimeout(timer.current);
    if (typing.current) {
      typing.current = false;
      send(false);
    }
  }, [send]);

  const keystroke = useCallback(() => {
    if (!typing.current) {
      typing.current = true;
      send(true);
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(stop, IDLE_MS);
  }, [send, stop]);

  useEffect(() => stop, [stop]);
  return { keystroke, stop };
}
