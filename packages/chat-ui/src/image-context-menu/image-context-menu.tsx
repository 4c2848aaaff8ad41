// The right-click (or Shift+F10) menu of a generated image: Save As…, Copy Image,
// Copy Path, Show in Folder, Regenerate. Roving focus with arrows, Home/End and type-ahead;
// Escape, Tab or a click outside closes it.
import { type KeyboardEvent, useEffect, useLayoutEffect, useRef } from 'react';
import { createPortal } from 'react-dom';

import type { ChatActions, CompletedImage } from '../chat-types.ts';
import { imageMenuItems, runImageMenuItem } from './image-menu-items.ts';

export type ImageContextMenuCloseReason = 'escape' | 'select' | 'outside' | 'tab';

export interface ImageContextMenuProps {
  image: CompletedImage;
  actions: ChatActions;
  /** Viewport coordinates of the menu's top-left corner; it is kept inside the window. */
  position: { x: number; y: number };
  onClose: (reason: ImageContextMenuCloseReason) => void;
  /** Hears "Image copied", "Path copied" or a failure once an async action settles. */
  onFeedback?: ((message: string) => void) | undefined;
  /** What the menu is called for assistive technology; default "Image actions". */
  label?: string | undefined;
}

const margin = 8;

export function ImageContextMenu({ image, actions, position, onClose, onFeedback, label = 'Image actions' }: ImageContextMenuProps) {
  const menuRef = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  useLayoutEffect(() => {
    onCloseRef.current = onClose;
  });
  const items = imageMenuItems(image, actions);

  useLayoutEffect(() => {
    const menu = menuRef.current;
    if (menu === null) return;
    const { width, height } = menu.getBoundingClientRect();
    const left = Math.max(margin, Math.min(position.x, window.innerWidth - width - margin));
    const preferred = position.y + height + margin > window.innerHeight ? position.y - height : position.y;
    const top = Math.max(margin, Math.min(preferred, window.innerHeight - height - margin));
    menu.style.left = `${left}px`;
    menu.style.top = `${top}px`;
    menu.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [position.x, position.y]);

  useEffect(() => {
    const closeOutside = (event: PointerEvent) => {
      if (event.target instanceof Node && menuRef.current?.contains(event.target) === true) return;
      onCloseRef.current('outside');
    };
    const closeOnBlur = () => onCloseRef.current('outside');
    document.addEventListener('pointerdown', closeOutside, true);
    window.addEventListener('blur', closeOnBlur);
    window.addEventListener('resize', closeOnBlur);
    return () => {
      document.removeEventListener('pointerdown', closeOutside, true);
      window.removeEventListener('blur', closeOnBlur);
      window.removeEventListener('resize', closeOnBlur);
    };
  }, []);

  const menuItems = () => [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const elements = menuItems();
    const current = elements.findIndex((element) => element === document.activeElement);
    const focusAt = (index: number) => elements[(index + elements.length) % elements.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        focusAt(current + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        focusAt(current < 0 ? -1 : current - 1);
        break;
      case 'Home':
        event.preventDefault();
        focusAt(0);
        break;
      case 'End':
        event.preventDefault();
        focusAt(-1);
        break;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        onClose('escape');
        break;
      case 'Tab':
        event.preventDefault();
        onClose('tab');
        break;
      default:
        if (event.key.length === 1 && /\S/.test(event.key)) {
          const letter = event.key.toLowerCase();
          const ordered = [...elements.slice(current + 1), ...elements.slice(0, current + 1)];
          ordered.find((element) => element.textContent.toLowerCase().startsWith(letter))?.focus();
        }
    }
  };

  return createPortal(
    <div
      ref={menuRef}
      className="forge-menu"
      role="menu"
      aria-label={label}
      aria-orientation="vertical"
      style={{ left: position.x, top: position.y }}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      {items.map((item) => [
        // Regenerate starts something new; the file actions above it act on this image.
        item.id === 'regenerate' && items.length > 1 ? <div key="separator" role="separator" className="forge-menu__separator" /> : null,
        <button
          key={item.id}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="forge-menu__item"
          onClick={() => {
            onClose('select');
            void runImageMenuItem(item, onFeedback);
          }}
        >
          {item.label}
        </button>,
      ])}
    </div>,
    document.body,
  );
}
