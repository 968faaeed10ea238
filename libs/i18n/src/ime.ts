/**
 * True while an input method is composing (a Chinese candidate being confirmed with Enter): such a key press must
 * not send. `isComposing` is the standard; Safari and older Chromium report the confirming keydown as keyCode 229.
 */
export function isImeComposing(event: {
  isComposing?: boolean;
  keyCode?: number;
  nativeEvent?: { isComposing?: boolean; keyCode?: number };
}): boolean {
  const native = event.nativeEvent ?? event;
  return Boolean(native.isComposing || event.isComposing) || native.keyCode === 229 || event.keyCode === 229;
}
