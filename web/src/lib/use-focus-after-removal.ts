// The focus after a « Retirer » button removes its item from a list (RGAA 12.13): to the button now at its place (the
// last one when it was last), or elsewhere when none is left, once the list has been drawn again.
import { useCallback, useEffect, useRef, type RefObject } from 'react';

/**
 * `list` holds the buttons; `items` is the list's state (the effect runs when it changes); `fallback` takes the focus
 * when the list is empty. Returns the function to call with the removed item's index, before the change.
 */
export const useFocusAfterRemoval = (list: RefObject<HTMLElement | null>, items: unknown, fallback: () => void): ((index: number) => void) => {
  const removedAt = useRef<number | null>(null);
  const fallbackRef = useRef(fallback);
  fallbackRef.current = fallback;
  useEffect(() => {
    const at = removedAt.current;
    if (at === null) return;
    removedAt.current = null;
    const buttons = list.current?.querySelectorAll('button');
    if (buttons && buttons.length > 0) buttons[Math.min(at, buttons.length - 1)].focus();
    else fallbackRef.current();
  }, [items, list]);
  return useCallback((index: number) => {
    removedAt.current = index;
  }, []);
};
