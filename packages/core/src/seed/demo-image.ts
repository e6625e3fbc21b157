/**
 * A product picture drawn as SVG: a colour field, a simple shape and the product's name.
 * Generated locally so the demo needs no downloads; the media pipeline (issue 7) converts and
 * resizes uploaded images, and treats these like any other.
 */
export function demoImageSvg(title: string, seed: number): string {
  const hue = (seed * 47) % 360;
  const accent = (hue + 150) % 360;
  const shape = seed % 3;
  const figure =
    shape === 0
      ? `<circle cx="400" cy="360" r="190" fill="hsl(${accent} 55% 62%)"/>`
      : shape === 1
        ? `<rect x="230" y="190" width="340" height="340" rx="36" fill="hsl(${accent} 50% 58%)"/>`
        : `<polygon points="400,150 610,540 190,540" fill="hsl(${accent} 52% 60%)"/>`;
  const text = title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).slice(0, 60);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800" role="img" aria-label="${text}">
<rect width="800" height="800" fill="hsl(${hue} 45% 92%)"/>
${figure}
<text x="400" y="680" font-family="system-ui, sans-serif" font-size="38" text-anchor="middle" fill="hsl(${hue} 40% 22%)">${text}</text>
</svg>
`;
}
