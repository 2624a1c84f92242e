import { describe, expect, it } from 'vitest';
import { mentionedUserIds, richTextToPlain, sanitizeRichText } from './rich-text.ts';

const id = '6f1c1f0e-2b7a-4c1e-9a51-3d2b9f0c7a11';

describe('sanitizeRichText', () => {
  it('keeps formatting and safe links, drops everything that can run', () => {
    const corpus: [string, string | null][] = [
      [
        '<p>Called <strong>Søren</strong> about the <em>quote</em></p>',
        '<p>Called <strong>Søren</strong> about the <em>quote</em></p>',
      ],
      ['<script>alert(1)</script><p>hi</p>', '<p>hi</p>'],
      ['<img src=x onerror=alert(1)>', null],
      ['<p onclick="alert(1)">x</p>', '<p>x</p>'],
      ['<a href="javascript:alert(1)">x</a>', '<a target="_blank" rel="noopener noreferrer nofollow">x</a>'],
      [
        '<a href="https://example.com">x</a>',
        '<a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">x</a>',
      ],
      ['<svg><script>alert(1)</script></svg>ok', 'ok'],
      ['<iframe src="https://evil.example"></iframe>', null],
      ['<style>p{}</style><div>in a div</div>', 'in a div'],
      ['<a href="//evil.example">x</a>', '<a target="_blank" rel="noopener noreferrer nofollow">x</a>'],
      ['<p style="background:url(x)">s</p>', '<p>s</p>'],
      [`<span data-mention="${id}">@Ida</span>`, `<span data-mention="${id}">@Ida</span>`],
      ['<span data-mention="x&quot; onmouseover=&quot;alert(1)">@x</span>', null],
      ['   ', null],
    ];
    for (const [input, out] of corpus) expect(sanitizeRichText(input), input).toBe(out);
  });

  it('finds mentions and plain text', () => {
    const html = sanitizeRichText(
      `<p>Ask <span data-mention="${id}">@Ida</span> &amp; <span data-mention="${id}">@Ida</span></p><p>then call</p>`,
    );
    expect(mentionedUserIds(html)).toEqual([id]);
    expect(richTextToPlain(html)).toBe('Ask @Ida & @Ida then call');
  });
});
