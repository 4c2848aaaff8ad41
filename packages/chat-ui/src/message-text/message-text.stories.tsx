import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, fn, userEvent, waitFor } from 'storybook/test';

import { MessageText } from './message-text.tsx';

const meta = {
  title: 'Chat UI/MessageText',
  component: MessageText,
  tags: ['autodocs'],
  args: { text: '', onCopyText: fn<(text: string) => Promise<void>>(async () => {}) },
  decorators: [
    (Story) => (
      <div className="forge-message forge-message--assistant" style={{ maxWidth: 720 }}>
        <div className="forge-message__bubble">
          <Story />
        </div>
      </div>
    ),
  ],
} satisfies Meta<typeof MessageText>;

export default meta;
type Story = StoryObj<typeof meta>;

export const List: Story = {
  args: {
    text: 'Three directions for the airship:\n\n1. **Brass dirigible** with canvas fins\n2. A riveted hull on *twin* propellers\n   - soot-stained\n   - lantern-lit\n3. A patched balloon with a wicker gondola\n\n- [x] silhouette pass\n- [ ] colour keys',
  },
  play: async ({ canvas }) => {
    const lists = canvas.getAllByRole('list');
    await expect(lists[0]?.tagName).toBe('OL');
    await expect(canvas.getAllByRole('listitem').map((item) => item.textContent)).toContain('A patched balloon with a wicker gondola');
    await expect(canvas.getByText('Brass dirigible').tagName).toBe('STRONG');
    await expect(canvas.getByText('soot-stained').closest('ul')?.closest('li')).not.toBeNull();
    await expect(canvas.getAllByRole('checkbox').map((box) => (box as HTMLInputElement).checked)).toEqual([true, false]);
  },
};

export const Link: Story = {
  args: {
    text: 'See the [gpt-image guide](https://platform.openai.com/docs/guides/images) or www.example.com. These stay text: [run this](javascript:alert(1)), [a data page](data:text/html,<script>alert(1)</script>), [a file](file:///etc/passwd), [a relative one](../secrets.txt), ![a remote picture](https://example.com/tracker.png).',
  },
  play: async ({ canvas, canvasElement }) => {
    const guide = canvas.getByRole('link', { name: 'gpt-image guide' });
    await expect(guide).toHaveAttribute('href', 'https://platform.openai.com/docs/guides/images');
    await expect(guide).toHaveAttribute('target', '_blank');
    await expect(guide).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(canvas.getByRole('link', { name: 'www.example.com' })).toHaveAttribute('href', 'http://www.example.com/');
    for (const name of ['run this', 'a data page', 'a file', 'a relative one']) {
      await expect(canvas.queryByRole('link', { name })).toBeNull();
      await expect(canvas.getByText(name)).toBeVisible();
    }
    // A picture in a reply is a link to it, never loaded.
    await expect(canvasElement.querySelector('img')).toBeNull();
    await expect(canvas.getByRole('link', { name: 'a remote picture' })).toHaveAttribute('href', 'https://example.com/tracker.png');
    const hrefs = [...canvasElement.querySelectorAll('a')].map((anchor) => anchor.getAttribute('href') ?? '');
    await expect(hrefs.filter((href) => !/^https?:/.test(href))).toEqual([]);
  },
};

export const Heading: Story = {
  args: { text: '# Airship concepts\n\nA short brief.\n\n## Palette\n\nWarm brass, deep teal.\n\n### Details\n\nRivets and lanterns.' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('heading', { level: 1, name: 'Airship concepts' })).toBeVisible();
    await expect(canvas.getByRole('heading', { level: 2, name: 'Palette' })).toBeVisible();
    const details = canvas.getByRole('heading', { level: 3, name: 'Details' });
    const title = canvas.getByRole('heading', { level: 1 });
    await expect(parseFloat(getComputedStyle(title).fontSize)).toBeGreaterThan(parseFloat(getComputedStyle(details).fontSize));
  },
};

export const Table: Story = {
  args: {
    text: 'The walk cycle, frame by frame:\n\n| Frame | Pose | Left foot | Right foot |\n| ---: | :--- | :---: | :---: |\n| 1 | Contact | front | back |\n| 2 | Down | flat | lifting |\n| 3 | Passing | lifting | flat |\n| 4 | Up | back | front |\n\nLoop it at 8 fps.',
  },
  play: async ({ canvas }) => {
    const table = canvas.getByRole('table');
    await expect(canvas.getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['Frame', 'Pose', 'Left foot', 'Right foot']);
    await expect(canvas.getAllByRole('row')).toHaveLength(5);
    await expect(canvas.getByRole('cell', { name: 'Passing' })).toBeVisible();
    await expect(getComputedStyle(canvas.getAllByRole('cell')[0] as HTMLElement).textAlign).toBe('right');
    await expect(table.closest('.forge-text__table')).not.toBeNull();
  },
};

const spriteCode = 'const frames = 4;\nfor (let frame = 0; frame < frames; frame++) {\n  drawFrame(sheet, frame * 64, 0, 64, 64);\n}';

export const CodeWithCopy: Story = {
  args: { text: `Slice the sheet like this:\n\n\`\`\`ts\n${spriteCode}\n\`\`\`\n\nand \`drawFrame\` does the rest.` },
  play: async ({ canvas, args }) => {
    await expect(canvas.getByText('ts')).toBeVisible();
    const code = canvas.getByText(/const frames = 4;/);
    await expect(getComputedStyle(code).fontFamily).toMatch(/mono/i);
    await expect(canvas.getByText('drawFrame', { selector: 'code' })).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Copy' }));
    await expect(args.onCopyText).toHaveBeenCalledWith(spriteCode);
    await expect(await canvas.findByText('Copied')).toBeVisible();
  },
};

export const CopyFails: Story = {
  args: { text: '```\nplain code\n```', onCopyText: fn<(text: string) => Promise<void>>(() => Promise.reject(new Error('denied'))) },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Copy' }));
    await expect(await canvas.findByText("Couldn't copy")).toBeVisible();
  },
};

export const FourBacktickFence: Story = {
  args: { text: 'To show a fence inside a fence, use four backticks:\n\n````markdown\n```json\n{ "frames": 4 }\n```\n````\n\nDone.' },
  play: async ({ canvas, args }) => {
    await expect(canvas.getByText('markdown')).toBeVisible();
    await expect(canvas.getAllByRole('button', { name: 'Copy' })).toHaveLength(1);
    await userEvent.click(canvas.getByRole('button', { name: 'Copy' }));
    await expect(args.onCopyText).toHaveBeenCalledWith('```json\n{ "frames": 4 }\n```');
    await expect(canvas.getByText('Done.')).toBeVisible();
  },
};

export const RawHtmlShownAsText: Story = {
  args: {
    text: 'Inline <b>bold?</b> and <img src=x onerror="alert(1)"> stay text.\n\n<script>alert("no")</script>\n\n<div style="color:red">\nA block of HTML\n</div>\n\n<!-- a comment is text too -->',
  },
  play: async ({ canvas, canvasElement }) => {
    const text = canvasElement.querySelector('.forge-text');
    await expect(text?.querySelector('b, img, script, div[style]')).toBeNull();
    await expect(canvas.getByText(/Inline <b>bold\?<\/b> and <img src=x onerror="alert\(1\)"> stay text\./)).toBeVisible();
    await expect(canvas.getByText('<script>alert("no")</script>')).toBeVisible();
    await expect(canvas.getByText(/^<div style="color:red">\s*A block of HTML\s*<\/div>$/)).toBeVisible();
    await expect(canvas.getByText('<!-- a comment is text too -->')).toBeVisible();
  },
};

/** The table a model streams, split the way tokens arrive. */
const streamedTable =
  'Here is the frame plan:\n\n| Frame | Pose | Duration |\n| --- | --- | ---: |\n| 1 | Contact | 120 ms |\n| 2 | Down | 100 ms |\n| 3 | Passing | 120 ms |\n| 4 | Up | 100 ms |\n\nAnd a loop:\n\n```ts\nplay(frames, { loop: true });\n```\n';
const tokens = streamedTable.match(/\s+|\||[^\s|]+/g) ?? [];

function StreamingDemo({ tickMs }: { tickMs: number }) {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (count >= tokens.length) return;
    const timer = setTimeout(() => setCount(count + 1), tickMs);
    return () => clearTimeout(timer);
  }, [count, tickMs]);
  const done = count >= tokens.length;
  return (
    <div data-streaming={done ? 'done' : 'running'}>
      <MessageText text={tokens.slice(0, count).join('')} streaming={!done} />
    </div>
  );
}

/** What would count as broken layout at one moment of the stream. */
function brokenLayout(root: Element): string | undefined {
  const pipeParagraph = [...root.querySelectorAll('p')].find((paragraph) => paragraph.textContent.trimStart().startsWith('|'));
  if (pipeParagraph !== undefined) return `a paragraph of pipes: ${pipeParagraph.textContent}`;
  const strayFence = [...root.querySelectorAll('p')].find((paragraph) => /(^|\n)\s*`{1,3}\s*\w*$/.test(paragraph.textContent));
  if (strayFence !== undefined) return `a stray fence: ${strayFence.textContent}`;
  const emptyCode = [...root.querySelectorAll('.forge-code code')].find((code) => code.textContent === '');
  if (emptyCode !== undefined) return 'an empty code block';
  return undefined;
}

export const StreamingTable: Story = {
  args: { text: streamedTable },
  render: () => <StreamingDemo tickMs={12} />,
  play: async ({ canvas, canvasElement }) => {
    const problems: string[] = [];
    let tables = 0;
    const observer = new MutationObserver(() => {
      const problem = brokenLayout(canvasElement);
      if (problem !== undefined) problems.push(problem);
      if (canvasElement.querySelector('table') !== null) tables += 1;
    });
    observer.observe(canvasElement, { subtree: true, childList: true, characterData: true });
    await waitFor(() => expect(canvasElement.querySelector('[data-streaming="done"]')).not.toBeNull(), { timeout: 15_000 });
    observer.disconnect();
    await expect(problems).toEqual([]);
    // The table appeared mid-stream (not only at the end) and ends complete.
    await expect(tables).toBeGreaterThan(10);
    await expect(canvas.getAllByRole('row')).toHaveLength(5);
    await expect(canvas.getAllByRole('cell', { name: '100 ms' })).toHaveLength(2);
    await expect(canvas.getByText('play(frames, { loop: true });')).toBeVisible();
  },
};

export const StreamingHoldsBackAHalfTable: Story = {
  args: { text: 'The plan:\n\n| Frame | Pose | Time |\n| --- | -', streaming: true },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByText('The plan:')).toBeVisible();
    await expect(canvasElement.textContent).not.toContain('|');
    await expect(canvas.queryByRole('table')).toBeNull();
  },
};

export const StreamingHalfFence: Story = {
  args: { text: 'Code:\n\n```ts\nconst frames = 4;\n``', streaming: true },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('const frames = 4;')).toBeVisible();
    await expect(canvas.queryByText(/``/)).toBeNull();
    await expect(canvas.getByText('ts')).toBeVisible();
  },
};
