/**
 * A CSS-like path for an element: `#id`, or tag plus classes, up to five
 * levels, stopping at the first id. Built from tag names, ids and class names
 * only: never element text, input values or other attribute values.
 */
export const selector = (node: Node | null | undefined): string | undefined => {
  let out = '';
  for (let el = node as Element | null, depth = 0; el?.nodeType === 1 && depth < 5; el = el.parentElement, depth++) {
    const part = el.id ? '#' + el.id : [el.localName, ...el.classList].join('.');
    out = out ? part + '>' + out : part;
    if (el.id) break;
  }
  return out.slice(-2048) || undefined;
};
