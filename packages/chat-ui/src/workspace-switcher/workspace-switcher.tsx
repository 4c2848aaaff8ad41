// The workspace switcher in the header: the open workspace's name, and a panel with the
// recent projects, "Open folder…" (the host's native picker, or a path field where there is
// none) and the Scratchpad (Open mode). A workspace that cannot be opened says why in the
// panel, and the one already open stays open.
import { type SyntheticEvent, useEffect, useId, useRef, useState } from 'react';

import { CheckIcon, ChevronDownIcon, FolderIcon, NoteIcon, SpinnerIcon } from '../icons/icons.tsx';
import { folderPathProblem } from './folder-path.ts';

export interface WorkspaceItem {
  mode: 'project' | 'open';
  /** The project folder (or the scratchpad folder). */
  folder: string;
  /** The folder's name, as shown. */
  name: string;
  current?: boolean | undefined;
  /** The folder is gone since it was last opened: listed, not offered. */
  missing?: boolean | undefined;
}

export interface WorkspaceSwitcherProps {
  current: { mode: 'project' | 'open'; name: string; folder: string };
  /** Recently opened workspaces, most recent first (the Scratchpad is always offered on its own). */
  recent: readonly WorkspaceItem[];
  /** Opens a project folder; a rejection's message is shown and the current workspace stays. */
  onOpenProject: (folder: string) => Promise<void>;
  onOpenScratchpad: () => Promise<void>;
  /** The host's native folder picker (resolves undefined when cancelled); without it "Open folder…" shows a path field. */
  onChooseFolder?: (() => Promise<string | undefined>) | undefined;
  /** Told when the panel opens (a host refreshes the recent list) and closes. */
  onOpenChange?: ((open: boolean) => void) | undefined;
  /** Where the Scratchpad keeps its files, as the user reads it. */
  scratchpadLabel?: string | undefined;
}

/** The native picker was dismissed: nothing to open, nothing to report. */
class CancelledChoice extends Error {}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function WorkspaceSwitcher({ current, recent, onOpenProject, onOpenScratchpad, onChooseFolder, onOpenChange, scratchpadLabel = '~/.forge/scratchpad' }: WorkspaceSwitcherProps) {
  const [open, setOpen] = useState(false);
  const [pathFieldShown, setPathFieldShown] = useState(false);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const pathRef = useRef<HTMLInputElement>(null);
  const panelId = useId();
  const pathId = useId();
  const errorId = useId();
  const projects = recent.filter((item) => item.mode === 'project');
  const modeLabel = current.mode === 'project' ? 'Project' : 'Open mode';

  const setPanel = (next: boolean) => {
    setOpen(next);
    onOpenChange?.(next);
    if (!next) {
      setPathFieldShown(false);
      setError(undefined);
    }
  };

  const close = (returnFocus = true) => {
    setPanel(false);
    if (returnFocus) triggerRef.current?.focus();
  };

  // Outside the panel, a press closes it.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (rootRef.current !== null && !rootRef.current.contains(event.target as Node)) close(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  });

  useEffect(() => {
    if (open) panelRef.current?.querySelector<HTMLElement>('button:not(:disabled)')?.focus();
  }, [open]);

  useEffect(() => {
    if (pathFieldShown) pathRef.current?.focus();
  }, [pathFieldShown]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      close();
    } catch (reason) {
      if (!(reason instanceof CancelledChoice)) setError(messageOf(reason));
    } finally {
      setBusy(false);
    }
  };

  const openFolder = () => {
    if (onChooseFolder === undefined) {
      setPathFieldShown(true);
      setError(undefined);
      return;
    }
    void run(async () => {
      const chosen = await onChooseFolder();
      if (chosen === undefined) throw new CancelledChoice();
      await onOpenProject(chosen);
    });
  };

  const submitPath = (event: SyntheticEvent) => {
    event.preventDefault();
    const problem = folderPathProblem(path);
    if (problem !== undefined) {
      setError(problem);
      pathRef.current?.focus();
      return;
    }
    void run(() => onOpenProject(path.trim()));
  };

  return (
    <div
      ref={rootRef}
      className="forge-workspaces"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={triggerRef}
        type="button"
        className="forge-workspaces__trigger"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={`Workspace: ${current.name} (${modeLabel})`}
        title={current.folder}
        onClick={() => setPanel(!open)}
      >
        <span className="forge-workspaces__name">{current.name}</span>
        <span className="forge-workspaces__mode">{modeLabel}</span>
        <ChevronDownIcon />
      </button>
      {open ? (
        <div ref={panelRef} id={panelId} className="forge-workspaces__panel" role="dialog" aria-label="Switch workspace" aria-busy={busy || undefined}>
          <h3 className="forge-workspaces__heading">Recent projects</h3>
          {projects.length === 0 ? (
            <p className="forge-workspaces__none">No projects opened yet.</p>
          ) : (
            <ul className="forge-workspaces__list">
              {projects.map((item) => {
                const isCurrent = current.mode === 'project' && item.folder === current.folder;
                return (
                  <li key={item.folder}>
                    <button
                      type="button"
                      className="forge-workspaces__item"
                      aria-current={isCurrent ? 'true' : undefined}
                      disabled={busy || item.missing === true}
                      title={item.folder}
                      onClick={() => {
                        if (isCurrent) close();
                        else void run(() => onOpenProject(item.folder));
                      }}
                    >
                      <FolderIcon />
                      <span className="forge-workspaces__item-text">
                        <span className="forge-workspaces__item-name">{item.name}</span>
                        <span className="forge-workspaces__item-folder">{item.missing === true ? `Missing: ${item.folder}` : item.folder}</span>
                      </span>
                      {isCurrent ? <CheckIcon /> : null}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          <div className="forge-workspaces__separator" role="presentation" />
          <button type="button" className="forge-workspaces__item" disabled={busy} aria-expanded={onChooseFolder === undefined ? pathFieldShown : undefined} onClick={openFolder}>
            <FolderIcon />
            <span className="forge-workspaces__item-text">
              <span className="forge-workspaces__item-name">Open folder…</span>
            </span>
          </button>
          {pathFieldShown ? (
            <form className="forge-workspaces__path" onSubmit={submitPath} noValidate>
              <label htmlFor={pathId} className="forge-workspaces__path-label">
                Folder path
              </label>
              <div className="forge-workspaces__path-row">
                <input
                  ref={pathRef}
                  id={pathId}
                  className="forge-workspaces__path-input"
                  value={path}
                  placeholder="/home/you/project"
                  spellCheck={false}
                  autoComplete="off"
                  aria-invalid={error === undefined ? undefined : true}
                  aria-describedby={error === undefined ? undefined : errorId}
                  onChange={(event) => setPath(event.target.value)}
                />
                <button type="submit" className="forge-button forge-button--small forge-button--primary" disabled={busy}>
                  Open
                </button>
              </div>
            </form>
          ) : null}
          <button
            type="button"
            className="forge-workspaces__item"
            aria-current={current.mode === 'open' ? 'true' : undefined}
            disabled={busy}
            onClick={() => {
              if (current.mode === 'open') close();
              else void run(onOpenScratchpad);
            }}
          >
            <NoteIcon />
            <span className="forge-workspaces__item-text">
              <span className="forge-workspaces__item-name">Scratchpad</span>
              <span className="forge-workspaces__item-folder">Open mode · {scratchpadLabel}</span>
            </span>
            {current.mode === 'open' ? <CheckIcon /> : null}
          </button>
          {busy ? (
            <p className="forge-workspaces__status" role="status">
              <SpinnerIcon /> Opening…
            </p>
          ) : null}
          {error === undefined ? null : (
            <p id={errorId} className="forge-workspaces__error" role="alert">
              {error}
            </p>
          )}
        </div>
      ) : null}
    </div>
  );
}
