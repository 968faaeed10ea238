import { useState, type FormEvent } from 'react';
import { errorText } from './console-client';

/**
 * A form's submit: `save` runs with `busy` set and the last error cleared; what it throws is shown as `error`
 * (through `describe`, the gateway's message by default).
 */
export function useFormSubmit(save: () => Promise<void>, describe: (failure: unknown) => string = errorText) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await save();
    } catch (failure) {
      setError(describe(failure));
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, setError, onSubmit: (event: FormEvent) => void submit(event) };
}
