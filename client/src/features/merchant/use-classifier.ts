/**
 * The complaint classifier, loaded on first use as its own chunks (the module and the
 * model JSON are dynamic imports, so neither is in the initial bundle; the service worker
 * precaches them, so it works offline). One load per page life.
 */
import type { Classification } from '@edc/shared/classify';
import { useEffect, useRef, useState } from 'react';

export type Suggestion = Classification & { lowConfidence: boolean; text: string };

type Classifier = (text: string) => Suggestion;

let loading: Promise<Classifier> | null = null;

function loadClassifier(): Promise<Classifier> {
  loading ??= import('@edc/shared/classify')
    .then(async (mod) => {
      const model = await mod.loadClassifierModel();
      return (text: string) => {
        const result = mod.classify(model, text);
        return { ...result, lowConfidence: mod.isLowConfidence(result), text };
      };
    })
    .catch((error: unknown) => {
      // A failed chunk fetch (offline before the first precache) may succeed later.
      loading = null;
      throw error;
    });
  return loading;
}

export type ClassifierState =
  | { status: 'loading' }
  | { status: 'ready'; suggestion: Suggestion | null }
  | { status: 'unavailable' };

/** Minimum text worth classifying: fewer letters carry no signal and only flicker the form. */
const MIN_CHARS = 8;
/** Classify after the user pauses typing this long (the model is ~0.1 ms, React is not). */
const DEBOUNCE_MS = 250;

/** Suggestion for `text`, re-computed as the merchant types. */
export function useClassifier(text: string): ClassifierState {
  const [state, setState] = useState<ClassifierState>({ status: 'loading' });
  const classifierRef = useRef<Classifier | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let live = true;
    loadClassifier()
      .then((fn) => {
        if (!live) return;
        classifierRef.current = fn;
        setReady(true);
      })
      .catch(() => live && setState({ status: 'unavailable' }));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!ready) return;
    const fn = classifierRef.current;
    if (!fn) return;
    const trimmed = text.trim();
    if (trimmed.length < MIN_CHARS) {
      setState({ status: 'ready', suggestion: null });
      return;
    }
    const timer = setTimeout(() => setState({ status: 'ready', suggestion: fn(trimmed) }), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, ready]);

  return state;
}
