// A polite live region for what a page does without moving the focus (a territory added, a map redrawn): present
// from the first render, so that a screen reader hears each text put in it, and emptied before each new text, so that
// the same sentence said twice in a row is heard twice.
import { useCallback, useEffect, useRef, useState } from 'react';

export const useLiveMessage = (): [string, (text: string) => void] => {
  const [message, setMessage] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const announce = useCallback((text: string) => {
    clearTimeout(timer.current);
    setMessage('');
    // A new text in the next task: screen readers hear a change, not the same node left as it was.
    timer.current = setTimeout(() => setMessage(text), 50);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return [message, announce];
};

export const LiveMessage = ({ message, id }: { message: string; id?: string }) => (
  <p id={id} className="fr-sr-only" role="status" aria-live="polite" aria-atomic="true">
    {message}
  </p>
);
