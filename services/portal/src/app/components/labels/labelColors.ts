// Harbor's label colours (the palette its portal offers) and the text colour readable on any colour.

export const LABEL_COLORS: readonly string[] = [
  '#000000', '#61717D', '#737373', '#80746D', '#FFFFFF', '#A9B6BE', '#DDDDDD', '#BBB3A9',
  '#0065AB', '#343DAC', '#781DA0', '#9B0D54', '#0095D3', '#9DA3DB', '#BE90D6', '#F1428A',
  '#1D5100', '#006668', '#006690', '#004A70', '#48960C', '#00AB9A', '#00B7D6', '#0081A7',
  '#C92100', '#CD3517', '#C25400', '#D28F00', '#F52F52', '#FF5501', '#F57600', '#FFDC0B',
];

export const DEFAULT_LABEL_COLOR = '#0065AB';

const HEX_RE = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export function isHexColor(s: string): boolean {
  return HEX_RE.test(s);
}

/** `#abc` / `#aabbcc` → [r, g, b] (0–255); null when not a hex colour. */
function rgb(color: string): [number, number, number] | null {
  if (!isHexColor(color)) return null;
  let hex = color.slice(1);
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** Black or white, whichever contrasts more with `color` (WCAG relative luminance). */
export function labelTextColor(color: string | undefined): '#000000' | '#ffffff' {
  const c = rgb(color ?? '');
  if (!c) return '#ffffff';
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with black is (L + 0.05) / 0.05, with white 1.05 / (L + 0.05); they cross at L ≈ 0.179.
  return lum > 0.179 ? '#000000' : '#ffffff';
}
