// The Library's own line icons, drawn like the rest (16-unit grid, currentColor, decorative).
import { Icon } from '../icons/icons.tsx';

export function SearchIcon() {
  return (
    <Icon>
      <circle cx="7" cy="7" r="4.75" />
      <path d="m10.5 10.5 3.25 3.25" />
    </Icon>
  );
}

export function LibraryIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <rect x="2" y="2" width="5" height="5" rx="1" />
      <rect x="9" y="2" width="5" height="5" rx="1" />
      <rect x="2" y="9" width="5" height="5" rx="1" />
      <rect x="9" y="9" width="5" height="5" rx="1" />
    </Icon>
  );
}

export function ModelIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <path d="M8 1.75 13.75 5v6L8 14.25 2.25 11V5L8 1.75Z" />
      <path d="M2.25 5 8 8.25 13.75 5M8 8.25v6" />
    </Icon>
  );
}

export function AudioIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <path d="M2 8h1.5M5 5v6M8 2.5v11M11 5.5v5M14 7v2" />
    </Icon>
  );
}

export function DocumentIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <path d="M9 1.75H4.75a1 1 0 0 0-1 1v10.5a1 1 0 0 0 1 1h6.5a1 1 0 0 0 1-1V5L9 1.75Z" />
      <path d="M9 1.75V5h3.25M6 8.5h4M6 11h4" />
    </Icon>
  );
}

export function VideoIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <rect x="1.75" y="3.5" width="9" height="9" rx="1.5" />
      <path d="m10.75 7 3.5-2v6l-3.5-2" />
    </Icon>
  );
}

export function BrokenImageIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <path d="M2.25 9.5V3.25a1 1 0 0 1 1-1h9.5a1 1 0 0 1 1 1V7L11 9.25 8.5 7 6 9.5 4 8 2.25 9.5Z" />
      <path d="M2.25 11.5v1.25a1 1 0 0 0 1 1h9.5a1 1 0 0 0 1-1V10" />
      <circle cx="5.5" cy="5" r="0.75" />
    </Icon>
  );
}
