import { Anchor, Text, TypographyStylesProvider } from '@mantine/core';
import { createElement, type ReactNode } from 'react';

/**
 * Renders the rich text the API stores (already sanitised there) without ever handing HTML to the DOM:
 * the string is parsed into an inert document and rebuilt as React elements from an allow-list of tags,
 * with links only to http(s), mailto and tel. Anything else becomes its text. So a body that somehow
 * still held a script, a handler or a `javascript:` link renders as plain text.
 */
const blocks = new Set(['p', 'ul', 'ol', 'li', 'blockquote', 'pre', 'h3', 'h4', 'br']);
const inline = new Set(['strong', 'b', 'em', 'i', 'u', 's', 'code']);
const SAFE_HREF = /^(https?:|mailto:|tel:)/i;

function convert(node: Node, key: string): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const el = node as Element;
  const tag = el.tagName.toLowerCase();
  const children = Array.from(el.childNodes).map((c, i) => convert(c, `${key}.${i}`));
  if (tag === 'br') return createElement('br', { key });
  if (blocks.has(tag) || inline.has(tag)) return createElement(tag, { key }, ...children);
  if (tag === 'a') {
    const href = el.getAttribute('href') ?? '';
    return SAFE_HREF.test(href) ? (
      <Anchor key={key} href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </Anchor>
    ) : (
      <span key={key}>{children}</span>
    );
  }
  if (tag === 'span' && el.hasAttribute('data-mention'))
    return (
      <Text
        key={key}
        span
        fz="inherit"
        fw={600}
        c="teal.7"
        data-mention={el.getAttribute('data-mention') ?? ''}
      >
        {children}
      </Text>
    );
  return <span key={key}>{children}</span>;
}

export function RichText({ html }: { html: string | null }) {
  if (!html) return null;
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  return (
    <TypographyStylesProvider fz="sm" style={{ overflowWrap: 'anywhere' }}>
      {Array.from(doc.body.childNodes).map((n, i) => convert(n, String(i)))}
    </TypographyStylesProvider>
  );
}

export const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain text typed by a user as rich text: paragraphs from blank lines, line breaks kept, all escaped. */
export function plainToRichText(text: string): string {
  return text
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
