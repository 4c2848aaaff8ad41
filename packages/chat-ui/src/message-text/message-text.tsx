// Plain chat text as paragraphs, with the little markdown agents write most:
// fenced code blocks, `code spans` and **bold**. Never injects HTML.
import type { ReactNode } from 'react';

export interface MessageTextProps {
  text: string;
}

type Block = { kind: 'paragraph'; lines: string[] } | { kind: 'code'; code: string; language: string };

function toBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', lines: paragraph });
    paragraph = [];
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const fence = /^\s*```\s*([\w-]*)\s*$/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      index++;
      while (index < lines.length && !/^\s*```\s*$/.test(lines[index] ?? '')) {
        code.push(lines[index] ?? '');
        index++;
      }
      blocks.push({ kind: 'code', code: code.join('\n'), language: fence[1] ?? '' });
    } else if (line.trim() === '') {
      flush();
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

function renderInline(line: string, keyPrefix: string): ReactNode[] {
  const nodes: ReactNode[] = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*/g;
  let last = 0;
  for (const match of line.matchAll(pattern)) {
    if (match.index > last) nodes.push(line.slice(last, match.index));
    const key = `${keyPrefix}-${match.index}`;
    if (match[1] !== undefined) {
      nodes.push(
        <code key={key} className="forge-text__code">
          {match[1]}
        </code>,
      );
    } else {
      nodes.push(<strong key={key}>{match[2]}</strong>);
    }
    last = match.index + match[0].length;
  }
  if (last < line.length) nodes.push(line.slice(last));
  return nodes;
}

export function MessageText({ text }: MessageTextProps) {
  return (
    <div className="forge-text">
      {toBlocks(text).map((block, blockIndex) =>
        block.kind === 'code' ? (
          <pre key={blockIndex} className="forge-text__block" data-language={block.language || undefined}>
            <code>{block.code}</code>
          </pre>
        ) : (
          <p key={blockIndex}>
            {block.lines.map((line, lineIndex) => (
              <span key={lineIndex}>
                {lineIndex > 0 && <br />}
                {renderInline(line, `${blockIndex}-${lineIndex}`)}
              </span>
            ))}
          </p>
        ),
      )}
    </div>
  );
}
