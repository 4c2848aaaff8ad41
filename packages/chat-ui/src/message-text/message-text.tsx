// An agent's text as Markdown (GitHub-flavoured: lists, links, headings, tables, code with a
// Copy button), rendered by react-markdown into React elements — never through innerHTML.
// Raw HTML shows as the text it is; links lead only to web or mail addresses and open in a
// new window (the desktop shell sends them to the system browser). While `streaming`, the
// text is steadied first so a half-received table or fence never flashes as broken layout.
import type { Element, ElementContent } from 'hast';
import { memo, useMemo } from 'react';
import Markdown, { type Components, type Options } from 'react-markdown';
import remarkGfm from 'remark-gfm';

import { CodeBlock } from './code-block.tsx';
import { remarkHtmlAsText } from './remark-html-as-text.ts';
import { safeUrl } from './safe-url.ts';
import { steadyStreamingMarkdown } from './steady-streaming-markdown.ts';

export interface MessageTextProps {
  text: string;
  /** The text is still arriving: hold back constructs that are not complete yet. */
  streaming?: boolean | undefined;
  /** Drop HTML comments instead of showing them as text (the proposal card's hidden marker). */
  hideComments?: boolean | undefined;
  /** Copies a code block; default the browser clipboard. */
  onCopyText?: ((text: string) => void | Promise<void>) | undefined;
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

/** The fenced block's code and its language (from `language-xyz`), read from the hast `<pre>`. */
function readCodeBlock(pre: Element | undefined): { code: string; language: string | undefined } {
  const code = pre?.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code');
  const classes = code?.properties.className;
  const language = (Array.isArray(classes) ? classes : [])
    .map(String)
    .find((name) => name.startsWith('language-'))
    ?.slice('language-'.length);
  // A fence's content ends with the line break before its closing fence; that is not code.
  return { code: (code === undefined ? '' : textOf(code)).replace(/\n$/, ''), language };
}

function createComponents(onCopyText: MessageTextProps['onCopyText']): Components {
  return {
    a: ({ href, children }) =>
      href === undefined || href === '' ? (
        <span className="forge-text__unsafe-link">{children}</span>
      ) : (
        <a href={href} target="_blank" rel="noopener noreferrer">
          {children}
        </a>
      ),
    // Pictures in a reply are never loaded (privacy, and the host's CSP): a link to them instead.
    img: ({ src, alt }) => {
      const label = alt !== undefined && alt !== '' ? alt : 'image';
      return typeof src === 'string' && src !== '' ? (
        <a href={src} target="_blank" rel="noopener noreferrer" className="forge-text__image-link">
          {label}
        </a>
      ) : (
        <span className="forge-text__unsafe-link">{label}</span>
      );
    },
    pre: ({ node }) => {
      const { code, language } = readCodeBlock(node);
      return <CodeBlock code={code} language={language} copyText={onCopyText} />;
    },
    code: ({ children }) => <code className="forge-text__code">{children}</code>,
    table: ({ children }) => (
      <div className="forge-text__table" tabIndex={0}>
        <table>{children}</table>
      </div>
    ),
  };
}

type PluggableList = NonNullable<Options['remarkPlugins']>;

const showingComments: PluggableList = [remarkGfm, [remarkHtmlAsText, { hideComments: false }]];
const hidingComments: PluggableList = [remarkGfm, [remarkHtmlAsText, { hideComments: true }]];

export const MessageText = memo(function MessageText({ text, streaming = false, hideComments = false, onCopyText }: MessageTextProps) {
  const components = useMemo(() => createComponents(onCopyText), [onCopyText]);
  const source = streaming ? steadyStreamingMarkdown(text) : text;
  return (
    <div className="forge-text">
      <Markdown
        remarkPlugins={hideComments ? hidingComments : showingComments}
        urlTransform={safeUrl}
        components={components}
      >
        {source}
      </Markdown>
    </div>
  );
});
