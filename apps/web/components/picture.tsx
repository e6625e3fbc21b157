import { getImageProps } from 'next/image';
import { preload } from 'react-dom';
import type { TImage } from '@tk/sdk';

function widest(image: Pick<TImage, 'url' | 'sources'>, format: 'webp' | 'avif'): string | undefined {
  return (image.sources ?? []).filter((s) => s.format === format).sort((a, b) => b.width - a.width)[0]?.url;
}

/**
 * A product picture from the media pipeline, through next/image's loader (lib/image-loader.ts)
 * but rendered on the server only: AVIF for browsers that take it, WebP otherwise, at the width
 * the layout needs. No client JavaScript. `preloaded` marks the page's main picture: fetched
 * early with high priority, as it is what the shopper looks at first.
 */
export function Picture({ image, alt, sizes, preloaded = false, className }: { image: TImage; alt: string; sizes: string; preloaded?: boolean; className?: string }) {
  const common = { alt, sizes, width: image.width ?? 800, height: image.height ?? 800 };
  const webp = widest(image, 'webp');
  const avif = widest(image, 'avif');
  if (!webp) {
    // Not from the pipeline (vector artwork, an outside URL): one file for every width.
    if (preloaded) preload(image.url, { as: 'image', fetchPriority: 'high' });
    // eslint-disable-next-line @next/next/no-img-element -- nothing for next/image to choose between
    return <img src={image.url} alt={alt} width={common.width} height={common.height} className={className} loading={preloaded ? 'eager' : 'lazy'} fetchPriority={preloaded ? 'high' : undefined} decoding="async" />;
  }
  const { props: img } = getImageProps({ ...common, src: webp, loading: preloaded ? 'eager' : 'lazy', fetchPriority: preloaded ? 'high' : undefined });
  const avifSet = avif ? getImageProps({ ...common, src: avif }).props.srcSet : undefined;
  if (preloaded) {
    // The browser takes the first preload whose type it supports.
    if (avifSet) preload(avif!, { as: 'image', type: 'image/avif', imageSrcSet: avifSet, imageSizes: sizes, fetchPriority: 'high' });
    else preload(img.src, { as: 'image', imageSrcSet: img.srcSet, imageSizes: sizes, fetchPriority: 'high' });
  }
  return (
    <picture className={className}>
      {avifSet && <source type="image/avif" srcSet={avifSet} sizes={sizes} />}
      {/* eslint-disable-next-line jsx-a11y/alt-text -- alt comes with the props */}
      <img {...img} />
    </picture>
  );
}
