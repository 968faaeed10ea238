import { isImeComposing } from '@switchboard/i18n';
import { useEffect, useRef, type FormHTMLAttributes } from 'react';

/**
 * A `<form>` that the Enter confirming an input method's candidate (typing a Chinese name) never submits: Safari
 * submits on it. The listener is on the form, so every field inside is covered.
 */
export function ImeSafeForm(props: FormHTMLAttributes<HTMLFormElement>) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const element = form.current;
    if (!element) return;
    const guard = (event: KeyboardEvent) => {
      if (event.key === 'Enter' && isImeComposing(event)) event.preventDefault();
    };
    element.addEventListener('keydown', guard);
    return () => element.removeEventListener('keydown', guard);
  }, []);
  return <form ref={form} {...props} />;
}
