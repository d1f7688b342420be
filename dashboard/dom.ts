/** What `h` and `s` accept as children: nodes, text, nothing, or lists of those. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];
type Attrs = Record<string, string | number | boolean | undefined | null | ((event: Event) => void)>;

const SVG_NS = 'http://www.w3.org/2000/svg';

const fill = <E extends Element>(element: E, attrs: Attrs, children: readonly Child[]): E => {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  const add = (child: Child) => {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) (child as readonly Child[]).forEach(add);
    else element.append(typeof child === 'object' ? (child as Node) : String(child));
  };
  children.forEach(add);
  return element;
};

/**
 * An HTML element. Text always goes in as text nodes, never as markup, so
 * values from the API cannot inject anything; `on…` attributes take listeners.
 * There is no `style` attribute anywhere: the CSP forbids inline style, so
 * everything visual is a class from dashboard.css or an SVG attribute.
 */
export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] =>
  fill(document.createElement(tag), attrs, children);

/** An SVG element, same rules as `h`. */
export const s = <K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] =>
  fill(document.createElementNS(SVG_NS, tag), attrs, children);

/** Replaces an element's content. */
export const show = (target: Element, ...children: Child[]): void => {
  target.replaceChildren();
  fill(target, {}, children);
};
