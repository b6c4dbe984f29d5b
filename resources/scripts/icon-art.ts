// The icon artwork as SVG source. Every icon in resources/icons is rasterised from these
// functions by make-icons.ts, so changing a shape here and re-running the script updates them all.

export const TRAY_STATUSES = ['stopped', 'starting', 'running', 'failed'] as const;
export type TrayIconStatus = (typeof TRAY_STATUSES)[number];

const BRAND_LIGHT = '#FF7A45';
const BRAND_DARK = '#D7263D';
const BRAND_GLYPH = '#E4572E';
const STOPPED_GREY = '#8A8F98';

const BADGE_COLOURS: Record<TrayIconStatus, string> = {
  stopped: STOPPED_GREY,
  starting: '#F59E0B',
  running: '#22C55E',
  failed: '#EF4444',
};

// The claw: a thick "C" whose jaws open to the right, drawn on a 16-unit grid so the
// 16 px menu-bar size lands on whole pixels.
function clawPath(colour: string, opacity = 1): string {
  return (
    `<path d="M 11.33 4.79 A 5 5 0 1 0 11.33 11.21" fill="none" stroke="${colour}" ` +
    `stroke-width="2.6" stroke-linecap="round" opacity="${opacity}"/>`
  );
}

function svg16(body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">${body}</svg>`;
}

/**
 * Returns the macOS menu-bar template glyph for a status: black and alpha only (macOS tints it
 * for light and dark menu bars), so statuses differ by shape: stopped is the bare claw,
 * starting adds a hollow core, running a solid core, failed a cross.
 */
export function renderTrayTemplateSvg(status: TrayIconStatus): string {
  const marks: Record<TrayIconStatus, string> = {
    stopped: '',
    starting: '<circle cx="7.5" cy="8" r="1.6" fill="none" stroke="#000" stroke-width="1.1"/>',
    running: '<circle cx="7.5" cy="8" r="2"/>',
    failed: '<path d="M 6 6.5 L 9 9.5 M 9 6.5 L 6 9.5" stroke="#000" stroke-width="1.4" stroke-linecap="round"/>',
  };
  return svg16(`${clawPath('#000')}${marks[status]}`);
}

/**
 * Returns the coloured tray glyph used on Windows and Linux: the brand claw (grey when stopped)
 * with a status badge in the bottom-right corner, outlined so it reads on light and dark taskbars.
 */
export function renderTrayColourSvg(status: TrayIconStatus): string {
  const claw = clawPath(status === 'stopped' ? STOPPED_GREY : BRAND_GLYPH);
  const badge =
    `<circle cx="12.4" cy="12.4" r="3.1" fill="${BADGE_COLOURS[status]}" ` +
    `stroke="#FFFFFF" stroke-width="1"/>`;
  return svg16(`${claw}${badge}`);
}

/** Returns the application icon: a white claw on a red-orange rounded square (macOS icon grid, 1024 units). */
export function renderAppIconSvg(): string {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">' +
    '<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">' +
    `<stop offset="0" stop-color="${BRAND_LIGHT}"/><stop offset="1" stop-color="${BRAND_DARK}"/>` +
    '</linearGradient></defs>' +
    '<rect x="100" y="100" width="824" height="824" rx="185" fill="url(#bg)"/>' +
    '<path d="M 688.2 364.1 A 230 230 0 1 0 688.2 659.9" fill="none" stroke="#FFFFFF" ' +
    'stroke-width="120" stroke-linecap="round"/>' +
    '<circle cx="512" cy="512" r="72" fill="#FFFFFF"/>' +
    '</svg>'
  );
}
