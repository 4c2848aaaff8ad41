// The few line icons the components draw inline (16px, currentColor), so the package
// ships no icon font and no runtime dependency. Decorative: always aria-hidden.
import type { ReactNode } from 'react';

export function Icon({ children, size = 16 }: { children: ReactNode; size?: number | undefined }) {
  return (
    <svg
      className="forge-icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.5}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export function SparkleIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <path d="M8 1.75 9.4 6.1a.8.8 0 0 0 .5.5L14.25 8l-4.35 1.4a.8.8 0 0 0-.5.5L8 14.25 6.6 9.9a.8.8 0 0 0-.5-.5L1.75 8 6.1 6.6a.8.8 0 0 0 .5-.5L8 1.75Z" />
    </Icon>
  );
}

export function AlertIcon() {
  return (
    <Icon>
      <circle cx="8" cy="8" r="6.25" />
      <path d="M8 4.75v3.75M8 11.1v.15" />
    </Icon>
  );
}

export function CheckIcon() {
  return (
    <Icon>
      <path d="m3.5 8.5 3 3 6-7" />
    </Icon>
  );
}

export function CloseIcon() {
  return (
    <Icon>
      <path d="m4 4 8 8M12 4l-8 8" />
    </Icon>
  );
}

export function ZoomInIcon() {
  return (
    <Icon>
      <path d="M8 3.5v9M3.5 8h9" />
    </Icon>
  );
}

export function ZoomOutIcon() {
  return (
    <Icon>
      <path d="M3.5 8h9" />
    </Icon>
  );
}

export function FileIcon() {
  return (
    <Icon>
      <path d="M9 1.75H4.75a1 1 0 0 0-1 1v10.5a1 1 0 0 0 1 1h6.5a1 1 0 0 0 1-1V5L9 1.75Z" />
      <path d="M9 1.75V5h3.25" />
    </Icon>
  );
}

export function RetryIcon() {
  return (
    <Icon>
      <path d="M2.75 8a5.25 5.25 0 1 0 1.6-3.78" />
      <path d="M2.75 2.5v3h3" />
    </Icon>
  );
}

export function ArrowUpIcon() {
  return (
    <Icon>
      <path d="M8 13V3.5M3.75 7.5 8 3.25l4.25 4.25" />
    </Icon>
  );
}

export function ArrowDownIcon() {
  return (
    <Icon>
      <path d="M8 3v9.5M3.75 8.5 8 12.75l4.25-4.25" />
    </Icon>
  );
}

export function StopIcon() {
  return (
    <svg className="forge-icon" width={16} height={16} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="4" y="4" width="8" height="8" rx="1.5" fill="currentColor" />
    </svg>
  );
}

export function SpinnerIcon() {
  return (
    <svg className="forge-icon forge-spinner" width={16} height={16} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeOpacity={0.25} strokeWidth={2} />
      <path d="M14 8a6 6 0 0 0-6-6" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" />
    </svg>
  );
}

export function TerminalIcon() {
  return (
    <Icon>
      <rect x="1.75" y="2.75" width="12.5" height="10.5" rx="2" />
      <path d="m4.5 6 2 2-2 2M8.5 10.25h3" />
    </Icon>
  );
}

export function CopyIcon() {
  return (
    <Icon>
      <rect x="5.25" y="5.25" width="8" height="8" rx="1.75" />
      <path d="M10.75 5.25v-1.5a1.5 1.5 0 0 0-1.5-1.5h-5a1.5 1.5 0 0 0-1.5 1.5v5a1.5 1.5 0 0 0 1.5 1.5h1.5" />
    </Icon>
  );
}

export function GlobeIcon() {
  return (
    <Icon>
      <circle cx="8" cy="8" r="6.25" />
      <path d="M1.75 8h12.5M8 1.75c1.7 1.8 2.5 3.9 2.5 6.25S9.7 12.45 8 14.25C6.3 12.45 5.5 10.35 5.5 8S6.3 3.55 8 1.75Z" />
    </Icon>
  );
}

export function ShieldIcon() {
  return (
    <Icon>
      <path d="M8 1.75 13.25 3.5v4.1c0 3.1-2.2 5.6-5.25 6.65C4.95 13.2 2.75 10.7 2.75 7.6V3.5L8 1.75Z" />
    </Icon>
  );
}

export function ChevronIcon() {
  return (
    <Icon>
      <path d="m6 3.75 4.25 4.25L6 12.25" />
    </Icon>
  );
}

export function PlusIcon() {
  return (
    <Icon>
      <path d="M8 3v10M3 8h10" />
    </Icon>
  );
}

export function PencilIcon() {
  return (
    <Icon>
      <path d="m10.5 2.5 3 3L6 13H3v-3l7.5-7.5Z" />
    </Icon>
  );
}

export function TrashIcon() {
  return (
    <Icon>
      <path d="M2.75 4.25h10.5M6.25 4.25V2.75h3.5v1.5M4.25 4.25l.6 8.6a1 1 0 0 0 1 .9h4.3a1 1 0 0 0 1-.9l.6-8.6" />
    </Icon>
  );
}

export function FolderIcon() {
  return (
    <Icon>
      <path d="M1.75 4.25a1 1 0 0 1 1-1h3.3l1.5 1.5h5.7a1 1 0 0 1 1 1v6.5a1 1 0 0 1-1 1H2.75a1 1 0 0 1-1-1v-8Z" />
    </Icon>
  );
}

export function ChevronDownIcon() {
  return (
    <Icon>
      <path d="m4 6 4 4 4-4" />
    </Icon>
  );
}

export function NoteIcon() {
  return (
    <Icon>
      <path d="M3.25 2.25h9.5v11.5h-9.5zM5.5 5.5h5M5.5 8h5M5.5 10.5h3" />
    </Icon>
  );
}
