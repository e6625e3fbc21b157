/**
 * next/image's loader for the media pipeline (packages/core/src/modules/media): the pipeline has
 * already written each picture as WebP and AVIF at 320, 640, 1024 and 1600 px (never wider than
 * the original, whose own width is the last file), named `<hash>-<width>.<format>`. Pass the
 * widest file of a format as `src`; this picks the smallest one at least as wide as the browser
 * asks for, so no second resizing service is needed. Other URLs are used as they are.
 */
const PIPELINE_WIDTHS = [320, 640, 1024, 1600];
const PIPELINE_NAME = /-(\d+)\.(webp|avif)$/;

export default function mediaLoader({ src, width }: { src: string; width: number; quality?: number }): string {
  const match = PIPELINE_NAME.exec(src);
  if (!match) return src;
  const widest = Number(match[1]);
  const available = [...PIPELINE_WIDTHS.filter((w) => w < widest), widest];
  const chosen = available.find((w) => w >= width) ?? widest;
  return src.replace(PIPELINE_NAME, `-${chosen}.${match[2]}`);
}
