// WCAG 2 contrast of every piece of text on a rendered page against what is behind it, as a user
// sees it: the text colour (SVG: fill) over the nearest opaque background, translucent layers
// blended in. `pageContrastReport` runs inside the page (playwright's frame.evaluate); the colour
// functions are plain and unit-tested (test/unit/e2eContrast.test.ts).

/** "rgb(1, 2, 3)" / "rgba(1, 2, 3, 0.5)" / "#abc" / "#aabbcc" → [r, g, b, a] (0–255, alpha 0–1); undefined for anything else. */
export function parseColor(text) {
  const value = String(text).trim().toLowerCase();
  const rgb = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(value);
  if (rgb) {
    const alpha = rgb[4] === undefined ? 1 : rgb[4].endsWith('%') ? Number(rgb[4].slice(0, -1)) / 100 : Number(rgb[4]);
    return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), alpha];
  }
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(value);
  if (hex) {
    const digits = hex[1].length === 3 ? [...hex[1]].map((d) => d + d).join('') : hex[1];
    return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)).concat(digits.length === 8 ? parseInt(digits.slice(6, 8), 16) / 255 : 1);
  }
  if (value === 'transparent') return [0, 0, 0, 0];
  return undefined;
}

/** `top` (with its alpha) painted over the opaque `bottom`. */
export function blend(top, bottom) {
  const a = top[3];
  return [0, 1, 2].map((i) => Math.round(top[i] * a + bottom[i] * (1 - a))).concat(1);
}

function luminance([r, g, b]) {
  const channel = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG 2 contrast ratio of two opaque colours, 1–21. */
export function contrastRatio(a, b) {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/**
 * Runs in the page: every element that shows text of its own (or SVG text), its colours and ratio,
 * and the pairs under the WCAG AA minimum (4.5:1, 3:1 for large text). Returns
 * { theme, checked, failures: [{ text, selector, color, background, ratio, minimum }] }.
 */
function pageContrastReport({ parseColor, blend, contrastRatio }) {
  const describe = (element) => {
    const parts = [];
    for (let node = element; node && node.nodeType === 1 && parts.length < 4; node = node.parentElement) {
      const classes = [...node.classList].slice(0, 2).map((c) => `.${c}`).join('');
      parts.unshift(`${node.localName}${node.id ? `#${node.id}` : ''}${classes}`);
    }
    return parts.join(' > ');
  };
  /** The opaque colour behind an element: its own and its ancestors' backgrounds, translucent ones blended, over the page. */
  const backgroundOf = (element) => {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const color = parseColor(getComputedStyle(node).backgroundColor);
      if (color && color[3] > 0) {
        layers.push(color);
        if (color[3] >= 1) break;
      }
    }
    let result = parseColor(getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background')) ?? [255, 255, 255, 1];
    if (result[3] < 1) result = blend(result, [255, 255, 255, 1]);
    for (const layer of layers.reverse()) result = layer[3] >= 1 ? layer : blend(layer, result);
    return result;
  };
  const visible = (element) => {
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && element.closest('[hidden], details:not([open]) > :not(summary)') === null;
  };
  const failures = [];
  let checked = 0;
  for (const element of document.querySelectorAll('body *')) {
    if (['SCRIPT', 'STYLE', 'svg'].includes(element.tagName)) continue;
    const ownText = [...element.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
    if (!ownText || !visible(element)) continue;
    const style = getComputedStyle(element);
    const inSvg = element instanceof SVGElement;
    const foreground = parseColor(inSvg ? style.fill : style.color);
    if (!foreground) continue;
    const background = backgroundOf(inSvg ? element.closest('svg')?.parentElement ?? element : element);
    const color = foreground[3] < 1 ? blend(foreground, background) : foreground;
    const ratio = contrastRatio(color, background);
    const size = parseFloat(style.fontSize);
    const bold = Number(style.fontWeight) >= 700;
    const minimum = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    checked++;
    if (ratio < minimum) failures.push({ text: ownText.slice(0, 60), selector: describe(element), color: `rgb(${color.slice(0, 3).join(', ')})`, background: `rgb(${background.slice(0, 3).join(', ')})`, ratio: Math.round(ratio * 100) / 100, minimum });
  }
  // VS Code marks a webview's body with the theme kind (an attribute, and classes, HC Light carrying both HC ones).
  const kinds = ['vscode-high-contrast-light', 'vscode-high-contrast', 'vscode-dark', 'vscode-light'];
  const theme = document.body.dataset.vscodeThemeKind ?? kinds.find((kind) => document.body.classList.contains(kind)) ?? 'standalone';
  return { theme, checked, failures };
}

/**
 * The check as an expression for playwright's `frame.evaluate(expression)`: evaluated by the
 * DevTools protocol, which a webview's CSP (no 'unsafe-eval') does not stop, with the helpers above.
 */
export const contrastCheckExpression = `(() => {
${[parseColor, blend, luminance, contrastRatio].map((fn) => fn.toString()).join('\n')}
return (${pageContrastReport.toString()})({ parseColor, blend, contrastRatio });
})()`;
