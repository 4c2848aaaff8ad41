// Where the user writes: Enter sends, Shift+Enter adds a line, Send is disabled while
// there is nothing to send, and Stop replaces Send while a reply is running. With
// `onModeChange`, the Ask / Agent switch sits beside Send. A host fills it through its ref
// (the empty state's example requests). With `onAttachFiles`, images come in through "Attach
// image", paste and drop, and `attachments` show as removable chips above it; `options` (the
// image options row) sits under it.
import { type ClipboardEvent, type DragEvent, type KeyboardEvent, type ReactNode, type Ref, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';

import { PlusIcon, ArrowUpIcon, StopIcon } from '../icons/icons.tsx';
import { type ReferenceChip, ReferenceChips } from '../reference-chips/reference-chips.tsx';
import { type ChatMode, ModeSwitch } from './mode-switch.tsx';

/** What a host can do to the composer through its `ref`. */
export interface ComposerHandle {
  /** Replaces the draft with `text` and puts the cursor at its end, ready to edit or send. */
  fill(text: string): void;
  focus(): void;
}

export interface ComposerProps {
  onSend: (text: string) => void;
  /** A reply is running: sending waits, and Stop shows when `onStop` is given. */
  busy?: boolean | undefined;
  onStop?: (() => void) | undefined;
  disabled?: boolean | undefined;
  placeholder?: string | undefined;
  /** Ask answers in text only; Agent may generate images. Shown with `onModeChange`. */
  mode?: ChatMode | undefined;
  onModeChange?: ((mode: ChatMode) => void) | undefined;
  ref?: Ref<ComposerHandle> | undefined;
  /** The chips for the next request (the image to refine, references). */
  attachments?: readonly ReferenceChip[] | undefined;
  onRemoveAttachment?: ((relativePath: string) => void) | undefined;
  /** Image files the user attached, pasted or dropped; the host checks them (by content) and adds chips. */
  onAttachFiles?: ((files: File[]) => void) | undefined;
  /** Why images cannot be attached on this backend: "Attach image" is shown disabled with it. */
  attachDisabledReason?: string | undefined;
  /** Under the message box: the image options. */
  options?: ReactNode;
}

export function Composer({
  onSend,
  busy = false,
  onStop,
  disabled = false,
  placeholder = 'Ask for an image…',
  mode = 'agent',
  onModeChange,
  ref,
  attachments = [],
  onRemoveAttachment,
  onAttachFiles,
  attachDisabledReason,
  options,
}: ComposerProps) {
  const [text, setText] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const [dropping, setDropping] = useState(false);
  const canAttach = onAttachFiles !== undefined && attachDisabledReason === undefined && !disabled;
  const attach = (files: File[]) => {
    if (files.length > 0 && canAttach) onAttachFiles(files);
  };
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...event.clipboardData.files];
    if (files.length === 0) return;
    // Pasted files become chips; pasted text stays text.
    event.preventDefault();
    attach(files);
  };
  const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');
  const onDragOver = (event: DragEvent<HTMLFormElement>) => {
    if (!canAttach || !hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDropping(true);
  };
  const onDrop = (event: DragEvent<HTMLFormElement>) => {
    setDropping(false);
    if (!canAttach || !hasFiles(event)) return;
    event.preventDefault();
    attach([...event.dataTransfer.files]);
  };
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const [filled, setFilled] = useState(0);
  const canSend = !disabled && !busy && text.trim() !== '';

  useImperativeHandle(ref, () => ({
    fill: (next) => {
      setText(next);
      setFilled((count) => count + 1);
    },
    focus: () => inputRef.current?.focus(),
  }));

  // After a fill has rendered: focus, with the cursor after the text.
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (filled === 0 || input === null) return;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }, [filled]);

  const send = () => {
    if (!canSend) return;
    onSend(text.trim());
    setText('');
    inputRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  };

  const form = (
    <form
      className="forge-composer"
      data-disabled={disabled || undefined}
      data-with-mode={onModeChange === undefined && onAttachFiles === undefined ? undefined : true}
      data-dropping={dropping || undefined}
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
      onDragOver={onDragOver}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      <textarea
        ref={inputRef}
        className="forge-composer__input"
        aria-label="Message"
        placeholder={placeholder}
        rows={1}
        value={text}
        disabled={disabled}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
      />
      {onAttachFiles !== undefined && (
        <>
          <button
            type="button"
            className="forge-composer__attach"
            aria-label="Attach image"
            title={attachDisabledReason ?? 'Attach image (PNG, JPEG or WebP, up to 20 MB) — or paste or drop one'}
            disabled={!canAttach}
            onClick={() => fileInput.current?.click()}
          >
            <PlusIcon />
            <span>Attach image</span>
          </button>
          <input
            ref={fileInput}
            type="file"
            hidden
            multiple
            accept="image/png,image/jpeg,image/webp"
            onChange={(event) => {
              attach([...(event.target.files ?? [])]);
              event.target.value = '';
            }}
          />
        </>
      )}
      {onModeChange !== undefined && <ModeSwitch mode={mode} onModeChange={onModeChange} disabled={disabled} />}
      {busy && onStop !== undefined ? (
        <button type="button" className="forge-composer__button forge-composer__button--stop" aria-label="Stop" title="Stop" onClick={onStop}>
          <StopIcon />
        </button>
      ) : (
        <button type="submit" className="forge-composer__button" aria-label="Send" title="Send (Enter)" disabled={!canSend}>
          <ArrowUpIcon />
        </button>
      )}
    </form>
  );
  if (onAttachFiles === undefined && options === undefined && attachments.length === 0) return form;
  return (
    <div className="forge-composer-area">
      {onRemoveAttachment !== undefined && <ReferenceChips references={attachments} onRemove={onRemoveAttachment} />}
      {form}
      {attachDisabledReason !== undefined && onAttachFiles !== undefined && <p className="forge-composer-area__reason">{attachDisabledReason}</p>}
      {options}
    </div>
  );
}
