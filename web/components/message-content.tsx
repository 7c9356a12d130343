import { asText } from '../format.js';

interface Part {
  readonly type?: unknown;
  readonly text?: unknown;
  readonly url?: unknown;
  readonly path?: unknown;
  readonly alt?: unknown;
}

/** Only inline raster images are shown as pictures: nothing is fetched, and no SVG (it can carry script). */
const INLINE_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$/;

/**
 * A message's content: text as text, image parts as thumbnails when they are inline `data:`
 * images, else as their alt text and source written out. Never HTML, never a network fetch.
 */
export function MessageContent(props: { content: unknown }) {
  const c = props.content;
  if (!Array.isArray(c)) return <div class="bubble-text">{asText(c)}</div>;
  return (
    <div class="bubble-text">
      {(c as Part[]).map((part, i) => {
        if (part?.type === 'text') return <div key={i}>{asText(part.text)}</div>;
        if (part?.type !== 'image') return <div key={i}>{asText(part)}</div>;
        const alt = typeof part.alt === 'string' ? part.alt : '';
        if (typeof part.url === 'string' && INLINE_IMAGE.test(part.url)) {
          return (
            <figure key={i} class="thumb">
              <img src={part.url} alt={alt} title={alt} />
              {alt && <figcaption>{alt}</figcaption>}
            </figure>
          );
        }
        const source =
          typeof part.url === 'string' ? part.url : typeof part.path === 'string' ? `file ${part.path}` : '';
        return (
          <div key={i} class="image-ref">
            [image{alt ? `: ${alt}` : ''}] <span class="muted">{source}</span>
          </div>
        );
      })}
    </div>
  );
}
