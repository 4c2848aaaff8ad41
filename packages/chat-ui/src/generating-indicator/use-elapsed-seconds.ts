// Whole seconds since `startedAt`, re-read from the injected clock once a second: the one clock
// behind every elapsed time in the chat (an image in flight, a reply being written).
import { useEffect, useState } from 'react';

/** Seconds since `startedAt`, or since the first render when the start is not known. */
export function useElapsedSeconds(startedAt: number | undefined, now: () => number): number {
  const [firstRender] = useState(now);
  const [current, setCurrent] = useState(now);
  useEffect(() => {
    setCurrent(now());
    const timer = setInterval(() => setCurrent(now()), 1000);
    return () => clearInterval(timer);
  }, [now]);
  return Math.max(0, Math.floor((current - (startedAt ?? firstRender)) / 1000));
}

/** "3 s", "1 min 05 s": the way the rest of the chat writes durations. */
export function formatElapsed(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
}
