// A fenced code block in a message: its language, a Copy button that says when it copied
// (or that it could not), and the code itself, scrollable sideways. No highlighter: nothing
// is evaluated or fetched, so the host's content security policy needs no exceptions.
import { useEffect, useRef, useState } from 'react';

import { CheckIcon, CopyIcon } from '../icons/icons.tsx';

export interface CodeBlockProps {
  code: string;
  language?: string | undefined;
  /** Writes the text to the clipboard; default `navigator.clipboard.writeText`. */
  copyText?: ((text: string) => void | Promise<void>) | undefined;
}

type CopyState = 'idle' | 'copied' | 'failed';

async function writeClipboard(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}

export function CodeBlock({ code, language, copyText = writeClipboard }: CodeBlockProps) {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    clearTimeout(timer.current);
    try {
      await copyText(code);
      setState('copied');
    } catch {
      setState('failed');
    }
    timer.current = setTimeout(() => setState('idle'), 2000);
  };

  return (
    <div className="forge-code" data-language={language}>
      <div className="forge-code__header">
        <span className="forge-code__language">{language ?? ''}</span>
        <span className="forge-code__feedback" role="status">
          {state === 'copied' ? 'Copied' : state === 'failed' ? "Couldn't copy" : ''}
        </span>
        <button type="button" className="forge-code__copy" onClick={() => void copy()}>
          {state === 'copied' ? <CheckIcon /> : <CopyIcon />}
          Copy
        </button>
      </div>
      <pre className="forge-code__body" tabIndex={0}>
        <code>{code}</code>
      </pre>
    </div>
  );
}
