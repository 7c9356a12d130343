import type { ComponentChildren } from 'preact';
import { navigate } from '../hooks.js';

/** An in-app link: a real `<a href>` (open in new tab works), routed without a reload. */
export function Link(props: { href: string; class?: string; title?: string; children: ComponentChildren }) {
  const onClick = (e: MouseEvent): void => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.href);
  };
  return (
    <a href={props.href} class={props.class} title={props.title} onClick={onClick}>
      {props.children}
    </a>
  );
}
