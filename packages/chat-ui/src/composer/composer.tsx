// Where the user writes: Enter sends, Shift+Enter adds a line, Send is disabled while
// there is nothing to send, and Stop replaces Send while a reply is running. With
// `onModeChange`, the Ask / Agent switch sits beside Send. A host fills it through its ref
// (the empty state's example requests).
import { type KeyboardEvent, type Ref, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';

import { ArrowUpIcon, StopIcon } from '../icons/icons.tsx';
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
}: ComposerProps) {
  const [text, setText] = useState('');
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

  return (
    <form
      className="forge-composer"
      data-disabled={disabled || undefined}
      data-with-mode={onModeChange === undefined ? undefined : true}
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
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
      />
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
}
