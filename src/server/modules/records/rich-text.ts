import sanitizeHtml from 'sanitize-html';

/**
 * Rich text as stored: an allow-list of formatting tags, links only to http(s), mailto and tel (opened in a
 * new tab without an opener), @mentions as `<span data-mention="<user id>">`. Scripts, styles, event
 * handlers, iframes, images and every unknown tag or attribute are removed; the text inside unknown tags
 * stays. The web renders the result through one component that sanitises again (defence in depth).
 */
const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'code',
    'pre',
    'h3',
    'h4',
    'span',
  ],
  allowedAttributes: { a: ['href'], span: ['data-mention'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'iframe',
    'object',
    'embed',
    'svg',
    'math',
  ],
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }),
  },
  allowedSchemesAppliedToAttributes: ['href'],
};
// `target` and `rel` are added by the transform above, after the attribute filter.
options.allowedAttributes = { ...options.allowedAttributes, a: ['href', 'target', 'rel'] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function sanitizeRichText(html: string | null | undefined): string | null {
  if (html == null) return null;
  const clean = sanitizeHtml(html, {
    ...options,
    exclusiveFilter: (frame) =>
      frame.tag === 'span' &&
      'data-mention' in frame.attribs &&
      !UUID.test(frame.attribs['data-mention'] ?? ''),
  }).trim();
  return clean === '' ? null : clean;
}

/** The users a rich text mentions (`<span data-mention="…">`), each once. */
export function mentionedUserIds(html: string | null): string[] {
  if (!html) return [];
  const ids = new Set<string>();
  for (const m of html.matchAll(/data-mention="([0-9a-f-]{36})"/gi)) ids.add(m[1]!.toLowerCase());
  return [...ids];
}

/** Plain text of a rich text, for previews and search. */
export function richTextToPlain(html: string | null): string {
  if (!html) return '';
  return sanitizeHtml(html.replace(/<\/(p|li|h3|h4|blockquote|pre)>|<br\s*\/?>/gi, '$& '), {
    allowedTags: [],
    allowedAttributes: {},
  })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
