/**
 * Signature pad: a canvas drawn with a finger, stylus or mouse (pointer events, so touch
 * works; `touch-action: none` keeps the page from scrolling while signing). Fits any width
 * (360 px phones included); exported as a JPEG on white, the attachment format the server
 * accepts. No library: a few dozen lines do what the proof of service needs.
 */
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

export type SignaturePadHandle = {
  /** The signature as JPEG, or null when nothing was drawn. */
  toBlob(): Promise<Blob | null>;
  /** Clears the pad; returns what puts the cleared signature back (null when it was empty). */
  clear(): (() => void) | null;
};

export const SignaturePad = forwardRef<
  SignaturePadHandle,
  { label: string; onInk?: (hasInk: boolean) => void; testId?: string }
>(function SignaturePad({ label, onInk, testId }, ref) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const inked = useRef(false);
  const last = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    // Backing store at device pixels: a crisp line on a 3x phone screen.
    const ratio = Math.min(3, window.devicePixelRatio || 1);
    c.width = Math.round(c.clientWidth * ratio);
    c.height = Math.round(c.clientHeight * ratio);
    const ctx = c.getContext('2d');
    if (ctx) {
      ctx.scale(ratio, ratio);
      ctx.lineWidth = 2.5;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.strokeStyle = '#111';
      // White, not transparent: the JPEG export would turn transparency black.
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, c.clientWidth, c.clientHeight);
    }
  }, []);

  useImperativeHandle(ref, () => ({
    toBlob: () =>
      new Promise((resolve) => {
        const c = canvas.current;
        if (!c || !inked.current) return resolve(null);
        c.toBlob((b) => resolve(b), 'image/jpeg', 0.85);
      }),
    clear: () => {
      const c = canvas.current;
      const ctx = c?.getContext('2d');
      // The ink as pixels, so a clear by a slip can be undone (a signer may have left).
      const kept = c && ctx && inked.current ? ctx.getImageData(0, 0, c.width, c.height) : null;
      if (c && ctx) {
        ctx.save();
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, c.width, c.height);
        ctx.restore();
      }
      inked.current = false;
      onInk?.(false);
      if (!kept) return null;
      return () => {
        const now = canvas.current?.getContext('2d');
        if (!now) return;
        now.putImageData(kept, 0, 0);
        inked.current = true;
        onInk?.(true);
      };
    },
  }));

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  return (
    <canvas
      ref={canvas}
      className="signature-pad"
      role="img"
      aria-label={label}
      data-testid={testId}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        last.current = point(e);
      }}
      onPointerMove={(e) => {
        if (!last.current) return;
        const ctx = e.currentTarget.getContext('2d');
        const p = point(e);
        if (ctx) {
          ctx.beginPath();
          ctx.moveTo(last.current.x, last.current.y);
          ctx.lineTo(p.x, p.y);
          ctx.stroke();
        }
        last.current = p;
        if (!inked.current) {
          inked.current = true;
          onInk?.(true);
        }
      }}
      onPointerUp={() => {
        last.current = null;
      }}
      onPointerCancel={() => {
        last.current = null;
      }}
    />
  );
});
