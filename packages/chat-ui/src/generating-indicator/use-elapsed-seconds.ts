// Whole seconds since `startedAt`, re-read from the injected clock once a second.
import { useEffect, useState } from 'react';

export function useElapsedSeconds(startedAt: number, now: () => number): number {
  const [current, setCurrent] = useState(now);
  useEffect(() => {
    setCurrent(now());
    const timer = setInterval(() => setCurrent(now()), 1000);
    return () => clearInterval(timer);
  }, [now]);
  return Math.max(0, Math.floor((current - startedAt) / 1000));
}

export function formatElapsed(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
}
