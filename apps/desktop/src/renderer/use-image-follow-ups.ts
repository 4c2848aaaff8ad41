// The composer's image follow-ups in the window: the chips (a Refine's image, attached
// references), the image options, and what the backend takes of them (disabled with the reason).
// Files are read here and checked by content in the main process (attachImage); only the size is
// checked here first, so a 25 MB file is refused before it is uploaded.
import { defaultImageOptions, imageSizes } from '@forge/chat-ui';
import type { ImageOptionsDisabled, ImageOptionsValue, ReferenceChip } from '@forge/chat-ui';
import { useCallback, useMemo, useState } from 'react';

import type { ComposerAttachment, ContractInput, ImageSupportSummary } from '../contract/index.ts';
import type { ForgeHost } from './forge-client.ts';

const maxBytes = 20 * 1024 * 1024;

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  // In slices: one String.fromCharCode call per byte would overflow the stack for a large file.
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary);
}

function megabytes(bytes: number): string {
  return `${(Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toString()} MB`;
}

export interface ImageFollowUps {
  chips: ReferenceChip[];
  attachments: ComposerAttachment[];
  setAttachments: (attachments: ComposerAttachment[]) => void;
  addAttachment: (attachment: ComposerAttachment) => void;
  remove: (relativePath: string) => void;
  attachFiles: (files: File[]) => void;
  options: ImageOptionsValue;
  setOptions: (options: ImageOptionsValue) => void;
  disabledReasons: ImageOptionsDisabled;
  attachDisabledReason: string | undefined;
  /** What sendMessage gets besides the text; the chips go (the options stay for the next request). */
  takeRequest: () => { request: Pick<ContractInput<'sendMessage'>, 'attachments' | 'imageOptions'>; chips: ComposerAttachment[] };
}

export function useImageFollowUps(host: ForgeHost, support: ImageSupportSummary | undefined, report: (error: unknown) => void): ImageFollowUps {
  const [attachments, setAttachments] = useState<ComposerAttachment[]>([]);
  const [options, setOptions] = useState<ImageOptionsValue>(defaultImageOptions);

  const addAttachment = useCallback((attachment: ComposerAttachment) => {
    setAttachments((current) => [
      // One image to refine at a time: a new Refine replaces the last one.
      ...current.filter((chip) => chip.relativePath !== attachment.relativePath && (attachment.role !== 'parent' || chip.role !== 'parent')),
      attachment,
    ]);
  }, []);

  const attachFiles = useCallback(
    (files: File[]) => {
      for (const file of files) {
        if (file.size > maxBytes) {
          report(new Error(`${file.name} is ${megabytes(file.size)}; an image can be 20 MB at most.`));
          continue;
        }
        void file
          .arrayBuffer()
          .then((buffer) => host.api.call('attachImage', { name: file.name, bytes: toBase64(buffer) }))
          .then(addAttachment)
          .catch(report);
      }
    },
    [host, report, addAttachment],
  );

  const disabledReasons = useMemo<ImageOptionsDisabled>(() => {
    if (support === undefined) return {};
    const reasons: ImageOptionsDisabled = {};
    for (const key of ['size', 'quality', 'background', 'count'] as const) {
      const entry = support[key];
      if (!entry.supported) reasons[key] = entry.reason;
    }
    return reasons;
  }, [support]);

  const takeRequest = useCallback(() => {
    const chosen: NonNullable<ContractInput<'sendMessage'>['imageOptions']> = {};
    // Only what the user changed and the backend takes: defaults are the backend's own.
    if (options.size !== 'auto' && disabledReasons.size === undefined) chosen.size = imageSizes[options.size];
    if (options.quality !== 'auto' && disabledReasons.quality === undefined) chosen.quality = options.quality;
    if (options.background !== 'auto' && disabledReasons.background === undefined) chosen.background = options.background;
    if (options.count !== 1 && disabledReasons.count === undefined) chosen.count = options.count;
    const request = { attachments: attachments.map(({ relativePath }) => ({ relativePath })), ...(Object.keys(chosen).length === 0 ? {} : { imageOptions: chosen }) };
    setAttachments([]);
    return { request, chips: attachments };
  }, [attachments, options, disabledReasons]);

  const chips = useMemo<ReferenceChip[]>(
    () => attachments.map((attachment) => ({ relativePath: attachment.relativePath, name: attachment.role === 'parent' ? `Refine · ${attachment.name}` : attachment.name, thumbnailUrl: attachment.url })),
    [attachments],
  );

  return {
    chips,
    attachments,
    setAttachments,
    addAttachment,
    remove: (relativePath) => setAttachments((current) => current.filter((chip) => chip.relativePath !== relativePath)),
    attachFiles,
    options,
    setOptions,
    disabledReasons,
    attachDisabledReason: support === undefined || support.imageInput.supported ? undefined : support.imageInput.reason,
    takeRequest,
  };
}
