import { describe, expect, it } from 'vitest';
import mediaLoader from './image-loader';

const src = (width: number, format = 'webp') => `/media/products/p1/0123456789abcdef-${width}.${format}`;

describe('the media pipeline loader', () => {
  it('picks the smallest pipeline file at least as wide as asked', () => {
    expect(mediaLoader({ src: src(1600), width: 300 })).toBe(src(320));
    expect(mediaLoader({ src: src(1600), width: 640 })).toBe(src(640));
    expect(mediaLoader({ src: src(1600), width: 750 })).toBe(src(1024));
    expect(mediaLoader({ src: src(1600), width: 3840 })).toBe(src(1600));
  });

  it('never asks for a width the original did not have', () => {
    // A 1200 px original has 320, 640, 1024 and its own 1200.
    expect(mediaLoader({ src: src(1200), width: 1100 })).toBe(src(1200));
    expect(mediaLoader({ src: src(1200), width: 1600 })).toBe(src(1200));
    expect(mediaLoader({ src: src(500), width: 400 })).toBe(src(500));
    expect(mediaLoader({ src: src(500), width: 300 })).toBe(src(320));
  });

  it('keeps the format and leaves other URLs alone', () => {
    expect(mediaLoader({ src: src(1600, 'avif'), width: 700 })).toBe(src(1024, 'avif'));
    expect(mediaLoader({ src: '/media/demo/pattern-1.svg', width: 640 })).toBe('/media/demo/pattern-1.svg');
  });
});
