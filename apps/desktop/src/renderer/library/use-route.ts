// The app's two places, chat and Library, in the address so the browser's Back button
// works. The web host serves the app at any path, so it uses real paths (`/library`);
// Electron loads index.html from a file URL, where only the fragment may change and a
// reload must find the same file, so there it is `#/library`. Both go through the history
// API (pushState, popstate).
import { useCallback, useEffect, useState } from 'react';

export type Route = 'chat' | 'library';

interface RouteState {
  forge: Route;
  /** This entry was pushed from the chat, so going back returns there. */
  fromChat?: boolean;
}

function usesFragment(): boolean {
  return window.location.protocol === 'file:';
}

export function readRoute(): Route {
  const path = usesFragment() ? window.location.hash.replace(/^#/, '') : window.location.pathname;
  return path.replace(/\/+$/, '') === '/library' ? 'library' : 'chat';
}

function urlFor(route: Route): string {
  const { pathname, search } = window.location;
  if (usesFragment()) return route === 'library' ? `${pathname}${search}#/library` : `${pathname}${search}`;
  return `${route === 'library' ? '/library' : '/'}${search}`;
}

export interface RouteControls {
  route: Route;
  /** Pushes a history entry for `route` (nothing when already there). */
  navigate: (route: Route) => void;
  /** Back to the chat: the browser's Back when the Library was opened from it, else a new entry. */
  backToChat: () => void;
}

export function useRoute(): RouteControls {
  const [route, setRoute] = useState<Route>(readRoute);

  useEffect(() => {
    const onChange = () => setRoute(readRoute());
    window.addEventListener('popstate', onChange);
    window.addEventListener('hashchange', onChange);
    return () => {
      window.removeEventListener('popstate', onChange);
      window.removeEventListener('hashchange', onChange);
    };
  }, []);

  const navigate = useCallback((next: Route) => {
    const current = readRoute();
    if (next === current) return;
    const state: RouteState = { forge: next, fromChat: current === 'chat' };
    window.history.pushState(state, '', urlFor(next));
    setRoute(next);
  }, []);

  const backToChat = useCallback(() => {
    const state = window.history.state as RouteState | null;
    if (readRoute() === 'library' && state?.forge === 'library' && state.fromChat === true) window.history.back();
    else navigate('chat');
  }, [navigate]);

  return { route, navigate, backToChat };
}
