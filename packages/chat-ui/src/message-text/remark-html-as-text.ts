// Raw HTML in a message is never rendered: each HTML node becomes the literal text it was
// (line breaks kept), or — for comments, when asked — nothing at all, so the proposal card
// can hide ASSETS.md's machine-readable `<!-- forge-asset … -->` marker.
import type { Parent, PhrasingContent, Root, RootContent } from 'mdast';

export interface HtmlAsTextOptions {
  /** Drop HTML comments instead of showing them. */
  hideComments?: boolean | undefined;
}

const comment = /^<!--[\s\S]*?-->\s*$/;

function literal(value: string): PhrasingContent[] {
  return value.split(/\r\n|\r|\n/).flatMap((line, index): PhrasingContent[] => (index === 0 ? [{ type: 'text', value: line }] : [{ type: 'break' }, { type: 'text', value: line }]));
}

const blockParents = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

function rewrite(parent: Parent, hideComments: boolean): void {
  const children: RootContent[] = [];
  for (const child of parent.children) {
    if (child.type === 'html') {
      if (hideComments && comment.test(child.value.trim())) continue;
      // A block of HTML becomes a paragraph of its text; inline HTML stays inline.
      if (blockParents.has(parent.type)) children.push({ type: 'paragraph', children: literal(child.value) });
      else children.push(...literal(child.value));
      continue;
    }
    if ('children' in child) rewrite(child, hideComments);
    children.push(child);
  }
  parent.children = children;
}

/** The remark plugin. */
export function remarkHtmlAsText(options: HtmlAsTextOptions = {}) {
  return (tree: Root): void => {
    rewrite(tree, options.hideComments === true);
  };
}
