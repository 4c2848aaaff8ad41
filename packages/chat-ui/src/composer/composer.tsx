// Where the user writes: Enter sends, Shift+Enter adds a line, Send is disabled while
// there is nothing to send, and Stop replaces Send while a reply is running.
import { type KeyboardEvent, useRef, useState } from 'react';

import { ArrowUpIcon, StopIcon } from '../icons/icons.tsx';

export interface ComposerProps {
  onSend: (text: string) => void;
  /** A reply is running: sending waits, and Stop shows when `onStop` is given. */
  busy?: boolean | undefined;
  onStop?: (() => void) | undefined;
  disabled?: boolean | undefined;
  placeholder?: string | undefined;
}

export function Composer({ onSend, busy = false, onStop, disabled = false, placeholder = 'Ask for an image…' }: ComposerProps) {
  const [text, setText] = useState('');
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const canSend = !disabled && !busy && text.trim() !== '';

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
