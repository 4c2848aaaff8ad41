export { ErrorNotice } from './error-notice.tsx';
export type { ErrorNoticeProps } from './error-notice.tsx';
export { describeImageError } from './describe-image-error.ts';
export type { ErrorScope, ImageErrorDescription } from './describe-image-error.ts';
