// @forge/chat-ui: React components for in-chat image generation. Host-agnostic: every
// action (save, copy, drag, reveal, approve) is a callback the host provides.
export type {
  ChatActions,
  ChatApprovalDecision,
  ChatApprovalPart,
  ChatApprovalRequest,
  ChatErrorPart,
  ChatFileChange,
  ChatImagePart,
  ChatMessageData,
  ChatPart,
  ChatProposalEntry,
  ChatProposalPart,
  ChatTextPart,
  CompletedImage,
  ImageLineage,
  FailedImage,
  GeneratingImage,
  ImageErrorInfo,
  ProposalEdit,
} from './chat-types.ts';
export type { AccountRateLimits, AccountView, PendingSignIn, QuotaWindow, SignInMethod } from './account-types.ts';
export { AccountPanel } from './account-panel/index.ts';
export type { AccountPanelProps, ApiKeyInput } from './account-panel/index.ts';
export { AccountStatus } from './account-status/index.ts';
export type { AccountStatusProps } from './account-status/index.ts';
export { ApprovalCard } from './approval-card/index.ts';
export type { ApprovalCardProps } from './approval-card/index.ts';
export type { LibraryAsset, LibraryBrokenFile, LibraryFile, LibraryImage, LibraryKind } from './library-types.ts';
export { AssetLibrary } from './asset-library/index.ts';
export type { AssetLibraryProps } from './asset-library/index.ts';
export { ChatMessage } from './chat-message/index.ts';
export type { ChatMessageProps } from './chat-message/index.ts';
export { ChatTranscript } from './chat-transcript/index.ts';
export type { ChatTranscriptProps } from './chat-transcript/index.ts';
export { Composer } from './composer/index.ts';
export type { ChatMode, ComposerHandle, ComposerProps } from './composer/index.ts';
export { EmptyState, exampleRequests } from './empty-state/index.ts';
export type { EmptyStateProps } from './empty-state/index.ts';
export { ErrorNotice, describeImageError } from './error-notice/index.ts';
export type { ErrorNoticeProps, ErrorScope, ImageErrorDescription } from './error-notice/index.ts';
export { GeneratingIndicator } from './generating-indicator/index.ts';
export type { GeneratingIndicatorProps } from './generating-indicator/index.ts';
export { ImageContextMenu, imageMenuItems } from './image-context-menu/index.ts';
export type { ImageContextMenuCloseReason, ImageContextMenuProps, ImageMenuItem } from './image-context-menu/index.ts';
export { ImageThumbnail, prefetchThumbnail } from './image-thumbnail/index.ts';
export type { ImageThumbnailProps } from './image-thumbnail/index.ts';
export { ImageViewer } from './image-viewer/index.ts';
export type { ImageViewerProps } from './image-viewer/index.ts';
export { MessageText } from './message-text/index.ts';
export type { MessageTextProps } from './message-text/index.ts';
export { ProposalCard } from './proposal-card/index.ts';
export type { ProposalCardProps } from './proposal-card/index.ts';
export { TurnEnding, turnEndingOf } from './turn-ending/index.ts';
export type { TurnEndingKind, TurnEndingProps } from './turn-ending/index.ts';
export { TurnStatus } from './turn-status/index.ts';
export type { TurnStatusProps } from './turn-status/index.ts';
export { DeleteThreadDialog, ThreadList, groupThreads, shortWhen } from './thread-list/index.ts';
export type { DeleteThreadDialogProps, ThreadGroup, ThreadListItem, ThreadListProps } from './thread-list/index.ts';
export { WorkspaceSwitcher, folderPathProblem } from './workspace-switcher/index.ts';
export type { WorkspaceItem, WorkspaceSwitcherProps } from './workspace-switcher/index.ts';
export { HighlightedText, searchTerms } from './highlight-text/index.ts';
export type { HighlightedTextProps } from './highlight-text/index.ts';
export { LibraryGrid } from './library-grid/index.ts';
export type { LibraryGridProps } from './library-grid/index.ts';
export { LibraryIcon, LibraryTile, toCompletedImage } from './library-tile/index.ts';
export type { LibraryTileProps } from './library-tile/index.ts';
export { ReferenceChips } from './reference-chips/index.ts';
export type { ReferenceChip, ReferenceChipsProps } from './reference-chips/index.ts';
export { defaultImageOptions, ImageOptions, imageSizes } from './image-options/index.ts';
export type { ImageBackgroundChoice, ImageOptionsDisabled, ImageOptionsProps, ImageOptionsValue, ImageQualityChoice, ImageSizeChoice } from './image-options/index.ts';
