import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';

import {
  corruptFile,
  emptyFile,
  foreignImage,
  hostileImage,
  kindsOf,
  airshipImage,
  manyAssets,
  meshFile,
  searchAssets,
  soundFile,
  spriteImage,
  truncatedImage,
} from '../__fixtures__/library-assets.ts';
import { mockActions } from '../__fixtures__/mock-actions.ts';
import type { ChatActions } from '../chat-types.ts';
import type { LibraryAsset } from '../library-types.ts';
import { AssetLibrary } from './asset-library.tsx';

const actions = mockActions();
const imageActions: ChatActions = {
  onSaveAs: actions.onSaveAs,
  onCopyImage: actions.onCopyImage,
  onCopyPath: actions.onCopyPath,
  onShowInFolder: actions.onShowInFolder,
  onDragStart: actions.onDragStart,
  onShowInChat: fn().mockName('onShowInChat'),
  onUseInChat: fn().mockName('onUseInChat'),
};
const fileActions: ChatActions = { onCopyPath: actions.onCopyPath, onShowInFolder: actions.onShowInFolder };

const mixed: LibraryAsset[] = [
  airshipImage,
  spriteImage,
  meshFile,
  foreignImage,
  soundFile,
  emptyFile,
  corruptFile,
  truncatedImage,
  ...manyAssets(40, Date.parse('2026-11-14T12:00:00.000Z')),
];

/** The Library as a host drives it: search and kind filter applied to an in-memory list. */
function LibraryHost({ all, initialQuery = '', initialKind }: { all: LibraryAsset[]; initialQuery?: string; initialKind?: string }) {
  const [query, setQuery] = useState(initialQuery);
  const [kind, setKind] = useState<string | undefined>(initialKind);
  const matching = searchAssets(all, query);
  const shown = kind === undefined ? matching : matching.filter((asset) => asset.kind === kind);
  return (
    <div style={{ height: 640, border: '1px solid var(--forge-border)', borderRadius: 12, overflow: 'hidden' }}>
      <AssetLibrary
        assets={shown}
        total={shown.length}
        kinds={kindsOf(matching)}
        query={query}
        onQueryChange={setQuery}
        kind={kind}
        onKindChange={setKind}
        actions={imageActions}
        fileActions={fileActions}
      />
    </div>
  );
}

const meta = {
  title: 'Chat UI/AssetLibrary',
  component: AssetLibrary,
  tags: ['autodocs'],
  args: {
    assets: mixed,
    total: mixed.length,
    kinds: kindsOf(mixed),
    query: '',
    onQueryChange: fn().mockName('onQueryChange'),
    onKindChange: fn().mockName('onKindChange'),
    actions: imageActions,
    fileActions,
  },
  decorators: [
    (Story) => (
      <div style={{ height: 640, border: '1px solid var(--forge-border)', borderRadius: 12, overflow: 'hidden' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof AssetLibrary>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every kind of tile: chat images, a sprite, another tool's image, a mesh, a sound, broken files. */
export const Grid: Story = {
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('heading', { name: 'Library' })).toBeVisible();
    await expect(canvas.getByRole('searchbox', { name: 'Search assets' })).toBeVisible();
    await expect(canvas.getByRole('button', { name: /20261121-120000-000\.glb, 3D model/ })).toBeVisible();
    await expect(canvas.getByRole('button', { name: '20261118-090000-000.png, cannot be shown: Empty file' })).toBeVisible();
    // The thumbnail that will not decode turns its tile into a broken one.
    await expect(await canvas.findByRole('button', { name: /20261116-000000-000\.png, cannot be shown/ })).toBeVisible();
    const kinds = canvas.getByRole('group', { name: 'Kinds' });
    await expect(within(kinds).getByRole('button', { name: /^All/ })).toHaveAttribute('aria-pressed', 'true');
    await expect(within(kinds).getByRole('button', { name: /^In chat/ })).toBeVisible();
    await expect(within(kinds).getByRole('button', { name: /^meshes\// })).toBeVisible();
  },
};

/** Typing narrows the grid at once and marks the words it found, in the prompt and in the kind. */
export const Search: Story = {
  render: () => <LibraryHost all={mixed} />,
  play: async ({ canvas, canvasElement }) => {
    const search = canvas.getByRole('searchbox', { name: 'Search assets' });
    await userEvent.type(search, 'knight sprites');
    await waitFor(() => expect(canvas.getAllByRole('listitem')).toHaveLength(1));
    await expect(canvas.getByRole('button', { name: /small knight/ })).toBeVisible();
    const marks = [...canvasElement.querySelectorAll('mark')].map((mark) => mark.textContent);
    await expect(marks).toEqual(expect.arrayContaining(['knight', 'sprites']));
    await expect(canvas.getByText('1 asset match “knight sprites”')).toBeInTheDocument();
  },
};

export const SearchHighlight: Story = {
  render: () => <LibraryHost all={mixed} initialQuery="airship" />,
};

/** A kind chip shows only that folder; pressing it again shows all. */
export const FilterByKind: Story = {
  render: () => <LibraryHost all={mixed} />,
  play: async ({ canvas }) => {
    const kinds = canvas.getByRole('group', { name: 'Kinds' });
    await userEvent.click(within(kinds).getByRole('button', { name: /^meshes\// }));
    await waitFor(() => expect(canvas.getAllByRole('listitem').length).toBeLessThan(10));
    for (const tile of canvas.getAllByRole('button', { name: /\.glb, 3D model/ })) await expect(tile).toBeVisible();
    await userEvent.click(within(kinds).getByRole('button', { name: /^meshes\// }));
    await expect(within(kinds).getByRole('button', { name: /^All/ })).toHaveAttribute('aria-pressed', 'true');
  },
};

export const Empty: Story = {
  args: { assets: [], total: 0, kinds: [] },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('heading', { name: 'Nothing in the Library yet' })).toBeVisible();
    await expect(canvas.getByText('.forge/generated/')).toBeVisible();
  },
};

export const NoResults: Story = {
  args: { assets: [], total: 0, kinds: [], query: 'zeppelin', resultsQuery: 'zeppelin' },
  play: async ({ args, canvas }) => {
    await expect(canvas.getByRole('heading', { name: 'No assets match “zeppelin”' })).toBeVisible();
    // The box's own × and the button under the message both clear it.
    const [inBox, underMessage] = canvas.getAllByRole('button', { name: 'Clear search' });
    await expect(inBox).toBeVisible();
    if (underMessage === undefined) throw new Error('no Clear search button under the message');
    await userEvent.click(underMessage);
    await expect(args.onQueryChange).toHaveBeenCalledWith('');
  },
};

export const Loading: Story = {
  args: { assets: [], total: 0, kinds: [], loading: true },
};

export const ReadError: Story = {
  args: { assets: [], total: 0, kinds: [], error: 'Permission denied reading /home/ada/airship/.forge/generated.' },
};

/** Provenance with markup, control characters and a 6 kB prompt shows as the characters it is. */
export const HostileText: Story = {
  args: { assets: [hostileImage], total: 1, kinds: kindsOf([hostileImage]), query: 'airship', resultsQuery: 'airship' },
  play: async ({ canvas, canvasElement }) => {
    const tile = canvas.getByRole('button', { name: /<img src=x onerror=/ });
    await expect(tile).toBeVisible();
    await expect(canvasElement.querySelector('script')).toBeNull();
    await expect(canvasElement.querySelectorAll('.forge-tile img')).toHaveLength(1);
    await expect(canvasElement.ownerDocument.body.dataset.pwned).toBeUndefined();
    await expect(within(tile).getByText('airship')).toBeVisible();
  },
};
